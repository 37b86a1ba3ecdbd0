/** `ENOENT: no such file or directory`, without Node's trailing `, open 'path'` (the caller names the file). */
export function ioReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.message.replace(/, \w+ '.*'$/, '');
}
