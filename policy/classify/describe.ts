/**
 * The compiled program as text (Click's habit: decision state is inspectable): the partitions,
 * the sub-rule at each bit, then one block per field — its classes as sets of bits, then how
 * values map to classes. `lint` and tests
 * read it; a golden test pins it for a small config.
 */
import type { PolicyEntry } from '../model/index.js';
import { SERVICE_ID } from '../model/index.js';
import type { BitsetPool } from './bitset-pool.js';
import type { Program } from './program.js';
import type { DiscreteField } from './small-fields.js';

const SERVICE_NAMES: Record<number, string> = Object.fromEntries([
  [0, 'none'],
  ...Object.entries(SERVICE_ID).map(([k, v]) => [v, k]),
]);

export function describeProgram(p: Program, policies: readonly PolicyEntry[], zones: readonly string[]): string {
  const out: string[] = [];
  const used = p.slots.filter((s) => s !== null).length;
  out.push(`compiled classifier: ${policies.length} entries, ${used} sub-rules, ${p.srcPool.words} bitset words`);
  out.push(`partitions (words): ${p.partitions.map((q) => `${q.name} [${q.wordStart},${q.wordEnd})`).join(' ')}`);
  out.push('sub-rules (by bit):');
  p.slots.forEach((s, i) => {
    if (s === null) return;
    const e = policies[s.entry]!;
    const where = e.template === null ? e.group : `${e.group} ${e.template}`;
    out.push(`  b${i} #${e.index} [${where}] ${e.name} → ${e.action}`);
  });
  out.push(`  default #${policies.length - 1} → ${policies[policies.length - 1]!.action}`);

  const real = (b: number) => p.slots[b] !== null;
  const classes = (name: string, pool: BitsetPool) => classLine(name, pool, real);
  const discrete = (name: string, f: DiscreteField, label: (v: number) => string) => [
    ...classes(name, f.pool),
    `  ${valueLine(f, label)}`,
  ];
  out.push(...classes('src', p.srcPool));
  out.push(`  IPv4: ${p.src.describe(4).join(', ')}`);
  out.push(`  IPv6: ${p.src.describe(6).join(', ')}`);
  out.push(...classes('dst', p.dstPool));
  out.push(`  IPv4: ${p.dst.describe(4).join(', ')}`);
  out.push(`  IPv6: ${p.dst.describe(6).join(', ')}`);
  out.push(...classes('srcPort', p.srcPortPool), `  ${portPieces(p.srcPort)}`);
  out.push(...classes('dstPort', p.dstPortPool), `  ${portPieces(p.dstPort)}`);

  const zoneName = (v: number) => (v < 0 ? 'none' : zones[v] ?? String(v));
  out.push(...discrete('fromZone', p.fromZone, zoneName));
  out.push(...discrete('toZone', p.toZone, zoneName));
  out.push(...discrete('srcService', p.srcService, (v) => SERVICE_NAMES[v] ?? String(v)));
  out.push(...discrete('dstService', p.dstService, (v) => SERVICE_NAMES[v] ?? String(v)));
  out.push(...discrete('protocol', p.protocol, String));
  out.push(...discrete('fragment', p.fragment, String));
  out.push(...discrete('vlan', p.vlan, (v) => (v < 0 ? 'untagged' : String(v))));
  out.push(...discrete('dscp', p.dscp, String));
  out.push(...classes('zones×services', p.zonesServices.pool));
  out.push(...classes('protocol×fragment×vlan×dscp', p.rest.pool));
  return out.join('\n') + '\n';
}

/** A field's classes as sets of bits, padding bits left out. */
function classLine(name: string, pool: BitsetPool, real: (bit: number) => boolean): string[] {
  const list: string[] = [];
  for (let c = 0; c < pool.size; c++) {
    list.push(`c${c} {${pool.members(c).filter(real).map((b) => `b${b}`).join(' ')}}`);
  }
  return [`${name}: ${list.join(' ')}`];
}

function valueLine(f: DiscreteField, label: (v: number) => string): string {
  const values = f.named.map((v) => `${label(v)} c${f.table[v + f.offset]}`);
  if (f.other >= 0) values.push(`other c${f.other}`);
  return values.join(', ');
}

function portPieces(table: Uint16Array): string {
  const out: string[] = [];
  let start = 0;
  for (let v = 1; v <= table.length; v++) {
    if (v === table.length || table[v] !== table[start]) {
      out.push(`${v - 1 === start ? start : `${start}-${v - 1}`} c${table[start]}`);
      start = v;
    }
  }
  return out.join(', ');
}
