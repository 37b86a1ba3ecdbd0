/** How a config value is quoted in messages: strings in double quotes (so `""` and `" x"` are
 * visible), numbers and booleans as written, collections by their kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof Uint8Array) return 'binary data';
  return 'a map';
}

/** Characters that print as nothing or as a space: escaped so that a message never hides them. */
const INVISIBLE = /[\u007f-\u00a0\u00ad\u061c\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\ufff9-\ufffb]/g;

/** A string in double quotes, JSON escapes plus escapes for invisible characters. */
export function quote(s: string): string {
  return JSON.stringify(s).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
