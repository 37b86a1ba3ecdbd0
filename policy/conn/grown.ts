// Growth of the flow table's typed arrays (the rare path: storage doubles up to capacity).

type NumberArray = Uint8Array | Int32Array | Uint32Array | Float64Array;

/** A longer array of the same kind with the old contents in front. */
export function grown<T extends NumberArray>(old: T, length: number): T {
  const next = new (old.constructor as new (length: number) => T)(length);
  next.set(old);
  return next;
}
