/**
 * Addresses as text, one implementation for the whole project (config messages, lint, the
 * trace, explain): dotted quad for IPv4; RFC 5952 for IPv6 — lowercase hex, no leading zeros,
 * the longest run of two or more zero groups written `::` (the leftmost on a tie). IPv4-mapped
 * addresses stay in hex, as ip-address's correct form writes them: one form for every address.
 */

export function formatIPv4(word: number): string {
  return `${word >>> 24}.${(word >>> 16) & 0xff}.${(word >>> 8) & 0xff}.${word & 0xff}`;
}

export function formatIPv6(words: ArrayLike<number>): string {
  const groups: number[] = [];
  for (let i = 0; i < 4; i++) {
    const w = words[i] >>> 0;
    groups.push(w >>> 16, w & 0xffff);
  }
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(':');
  if (bestAt < 0) return hex(0, 8);
  return `${hex(0, bestAt)}::${hex(bestAt + bestLen, 8)}`;
}

/** The address of `family` held in four big-endian words (IPv4 in word 0). */
export function formatAddressWords(family: number, words: ArrayLike<number>): string {
  return family === 6 ? formatIPv6(words) : formatIPv4(words[0] >>> 0);
}
