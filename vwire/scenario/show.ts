/**
 * How a scenario value is quoted in messages: strings in double quotes, numbers and booleans as
 * written, collections by their kind. The same wording as the config's (policy/config/show.ts,
 * not exported through policy's door): the two may be folded into one.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof Uint8Array) return 'binary data';
  return 'a map';
}
