/**
 * The trace (SPEC.md: Trace): one JSON object per packet, keys in SPEC's order, formatted from
 * the numbers the stages stored in the packet's context. Only this formatting costs anything,
 * and it runs only when a trace was asked for. Names that repeat (rules, interfaces, zones) are
 * turned into JSON text once, at construction.
 */
import { FW_VERDICT_NAMES, type Firewall } from '../../vwire/index.js';
import { formatEndpoint, protoName } from '../wire/index.js';
import type { ApplianceTables } from './appliance.js';
import type { PacketContext } from './context.js';
import { DROP_NAME, VERDICT_NAME } from './reasons.js';

const DIR_JSON = ['"initiator"', '"responder"'];

export class TraceFormatter {
  private readonly ifaceJson: readonly string[];
  private readonly ruleJson: readonly string[];
  private readonly actionJson: readonly string[];

  constructor(
    private readonly tables: ApplianceTables,
    private readonly firewall: Firewall,
  ) {
    this.ifaceJson = tables.interfaceNames.map((n) => JSON.stringify(n));
    this.ruleJson = tables.policies.map((p) =>
      p.group === 'default' ? 'null' : JSON.stringify({ group: p.group, template: p.template, name: p.name }),
    );
    this.actionJson = tables.policies.map((p) => JSON.stringify(p.action));
  }

  /** The packet's trace line, without the newline. */
  line(ctx: PacketContext): string {
    const ip = ctx.family !== 0;
    const endpoint = (words: Uint32Array, port: number): string =>
      JSON.stringify(formatEndpoint(ctx.family, words, port));
    let redirect = 'null';
    if (ctx.fwIface !== 0) {
      redirect = `{"serviceRedirectInterface":${JSON.stringify(ctx.sri)},"interface":${ctx.fwIface},"vlan":${ctx.fwVlan < 0 ? 'null' : ctx.fwVlan}}`;
    }
    let fw = 'null';
    if (ctx.fwVerdict !== 0) {
      const fwRule = ctx.fwRule >= 0 ? JSON.stringify(this.firewall.ruleName(ctx.fwRule)) : 'null';
      const zone = (z: number): string => (z >= 0 ? JSON.stringify(this.firewall.zoneName(z)) : 'null');
      fw = `{"rule":${fwRule},"verdict":"${FW_VERDICT_NAMES[ctx.fwVerdict - 1]}","zones":[${zone(ctx.fwFromZone)},${zone(ctx.fwToZone)}]}`;
    }
    return (
      `{"i":${ctx.index},"t":${ctx.tNs / 1e9},` +
      `"in":${ctx.inIface >= 0 ? this.ifaceJson[ctx.inIface] : 'null'},` +
      `"vlan":${ctx.vlan >= 0 ? ctx.vlan : 'null'},` +
      `"proto":${ip ? JSON.stringify(protoName(ctx.proto)) : 'null'},` +
      `"src":${ip ? endpoint(ctx.src, ctx.srcPort) : 'null'},` +
      `"dst":${ip ? endpoint(ctx.dst, ctx.dstPort) : 'null'},` +
      `"flow":${ctx.flow > 0 ? ctx.flow : 'null'},` +
      `"dir":${ctx.dir >= 0 ? DIR_JSON[ctx.dir] : 'null'},` +
      `"rule":${ctx.entry >= 0 ? this.ruleJson[ctx.entry] : 'null'},` +
      `"action":${ctx.entry >= 0 ? this.actionJson[ctx.entry] : 'null'},` +
      `"redirect":${redirect},"fw":${fw},` +
      `"ceiling":${ctx.ceilingNs >= 0 ? ctx.ceilingNs / 1e9 : 'null'},` +
      `"out":${ctx.outIface >= 0 ? this.ifaceJson[ctx.outIface] : 'null'},` +
      `"verdict":"${VERDICT_NAME[ctx.verdict]}",` +
      `"reason":${ctx.reason > 0 ? `"${DROP_NAME[ctx.reason]}"` : 'null'}}`
    );
  }
}
