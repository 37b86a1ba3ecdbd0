/**
 * `--update` (btest's way): the expectations that failed — summary values, trace counts,
 * capture packet counts — are rewritten in the document from what the run produced; operator
 * objects whose bound still holds stay as they are. Keys the outputs lack and trace
 * `where`/`all`/`any`/`none` contents are left for a human: they are not numbers to refresh.
 */
import { observed, type RunOutputs } from './checks.js';
import type { ExpectFile } from './expect.js';
import { holds, MISSING, type Expectation } from './match.js';

/** Rewrites failed literals in `expect.doc`; returns how many changed. */
export function updateExpect(expect: ExpectFile, out: RunOutputs): number {
  let changed = 0;
  const set = (path: (string | number)[], expected: Expectation, actual: unknown): void => {
    if (actual === MISSING || holds(expected, actual)) return;
    const node = expect.doc.createNode(actual, { flow: true });
    expect.doc.setIn(path, node);
    changed++;
  };
  expect.checks.forEach((check, i) => {
    if (check.kind === 'summary') {
      for (const { key, expected } of check.entries) set(['checks', i, 'summary', key], expected, observed(check, out, key));
    } else if (check.kind === 'capture') {
      set(['checks', i, 'capture', 'packets'], check.packets, observed(check, out, ''));
    } else if (check.count) {
      set(['checks', i, 'trace', 'count'], check.count, observed(check, out, ''));
    }
  });
  return changed;
}
