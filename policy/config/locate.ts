/**
 * From a config path (`firewall.policies[3].match.dstPort`) back to where it was written, for
 * cross-reference errors and lint findings. A path that was not written resolves to its nearest
 * written ancestor; a scalar to its value, a map or list to its key (the line a reader looks for).
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { SourceLocation } from './types.js';
import { offsetOf, resolveNode } from './reader.js';

const SEGMENT = /^(?:\.?([^.[\]]+)|\[(\d+)\])/;

/** `a.b[3].c` into its keys and indexes; null when it does not parse. (Paths of a loaded config
 * only have plain keys: any other key is an error.) */
export function parsePath(path: string): (string | number)[] | null {
  const out: (string | number)[] = [];
  let rest = path;
  while (rest !== '') {
    const m = SEGMENT.exec(rest);
    if (m === null || (out.length === 0 && rest.startsWith('.'))) return null;
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
    rest = rest.slice(m[0].length);
  }
  return out;
}

/** The offset of a path or of its nearest written ancestor; null when not even its first
 * segment was written (or the path does not parse). */
export function offsetAt(doc: Document, path: string): number | null {
  const segments = parsePath(path);
  if (segments === null || doc.contents === null) return null;
  let node = resolveNode(doc, doc.contents);
  let offset: number | null = segments.length === 0 ? offsetOf(doc.contents) : null;
  for (const seg of segments) {
    if (typeof seg === 'string') {
      if (!isMap(node)) break;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (pair === undefined) break;
      node = resolveNode(doc, pair.value);
      offset = isScalar(node) ? offsetOf(pair.value) : offsetOf(pair.key);
    } else {
      if (!isSeq(node) || seg >= node.items.length) break;
      const item = node.items[seg];
      offset = offsetOf(item);
      node = resolveNode(doc, item);
    }
  }
  return offset;
}

export function toLocation(file: string, lineCounter: LineCounter, offset: number): SourceLocation {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, column: col };
}

export function makeLocate(file: string, doc: Document, lineCounter: LineCounter): (path: string) => SourceLocation | null {
  return (path) => {
    const offset = offsetAt(doc, path);
    return offset === null ? null : toLocation(file, lineCounter, offset);
  };
}
