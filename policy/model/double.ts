/**
 * Numbers that V8 keeps as doubles from the start. A class field that first holds a small
 * integer (`bytes = 0`) is stored as one; the first value past 2^31 (bytes, bits, nanoseconds
 * since the first packet) or with a fraction changes the object's hidden class, and every
 * optimised function that has seen the old class deoptimises and is compiled again — mid-run,
 * on the hot path. Fields that will outgrow 31 bits start as `asDouble(0)`.
 *
 * Measured with `node --trace-opt --trace-deopt chainsim replay` on 1M IMIX packets: 17
 * deoptimisations ("wrong map" in every function touching the counters) and 493 ms of
 * optimising-compiler time before; 7 deoptimisations (all first-seen paths) and 431 ms after.
 */
const cell = new Float64Array(1);

/** `n`, as a heap number (read back from a Float64Array, so never a small integer). */
export function asDouble(n: number): number {
  cell[0] = n;
  return cell[0];
}
