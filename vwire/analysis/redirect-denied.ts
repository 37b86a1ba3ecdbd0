/**
 * Lint across the two rulebases: SD-WAN redirect rules whose traffic the hosted firewall denies
 * in every case (SPEC.md "Findings": "redirected traffic that the firewall denies in every
 * case"). The SD-WAN side sends it into the VM; the VM's own rules, independent of the SD-WAN
 * config, throw it away — a configuration that works on neither side of the wire.
 *
 * For a redirect rule with service redirection interface i and VLAN v, the initiator's packets
 * enter the firewall on interface i tagged v: from-zone = sub-interface (i, v), to-zone =
 * (3 − i, v). The packets it can redirect lie in the box of its match (src, dst, ports,
 * protocol; with an application, the union of the match ∩ each application entry). Matches the
 * firewall does not see (zones, services, DSCP, VLAN, fragments) are left out, which only
 * makes that set larger, so every proof below stays sound.
 *
 * "Denied in every case" is reported only when proved:
 *   - a sub-interface is missing on either side: every packet is dropped fw-vlan-not-allowed;
 *   - or, for every box, walking the firewall rules that apply to the two zones in order: no
 *     rule meeting the box allows, and either a blocking rule covers the whole box, or the
 *     walk ends at interzone-default (zones differ).
 * Anything else (an allow rule that meets the traffic, intrazone-default, blocking rules that
 * only together might cover it) is left unreported.
 *
 * Redirect rules whose packets never reach the VM (no instance, or a template other than the
 * instance's: they drop vm-down) are not analysed; other findings name them.
 */
import {
  buildPolicyList,
  type AppConfig,
  type PolicyEntry,
  type PolicyGroup,
  type ResolvedMatch,
  type VwireRule,
} from '../../policy/index.js';
import { INTERZONE_DEFAULT, NO_ZONE, Subinterfaces } from '../firewall/index.js';
import { boxOf, covers, intersectBoxes, intersects, type Box } from './spaces.js';

export const REDIRECT_DENIED = 'redirect-denied-by-firewall';

export interface RedirectDeniedFinding {
  readonly code: typeof REDIRECT_DENIED;
  readonly severity: 'warning';
  /** The SD-WAN redirect rule, as the summary's `policies` name it. */
  readonly rule: { readonly group: PolicyGroup; readonly template: string | null; readonly name: string };
  readonly message: string;
  /** Config path of the redirect rule. */
  readonly path: string;
  /** The firewall rules (and default) that deny its traffic, in rulebase order; empty when a
   * sub-interface is missing. */
  readonly firewallRules: readonly string[];
}

/** The boxes of the packets a rule can match; empty when it matches none. */
export function matchBoxes(m: ResolvedMatch): Box[] {
  const base = boxOf(m);
  if (base === null) return [];
  if (m.application === null) return [base];
  const out: Box[] = [];
  for (const entry of m.application.entries) {
    const e = boxOf(entry);
    const both = e === null ? null : intersectBoxes(base, e);
    if (both !== null) out.push(both);
  }
  return out;
}

interface Denial {
  /** Indexes of the user rules that deny some of the traffic, in order. */
  readonly blockers: readonly number[];
  /** interzone-default denies the rest. */
  readonly byDefault: boolean;
}

function applies(zone: string, id: number, zones: Subinterfaces): boolean {
  return zone === 'any' || zones.zoneId(zone) === id;
}

/** A proof that the firewall denies every packet of `box` between the zones, or null. */
function denialOf(box: Box, rules: readonly VwireRule[], from: number, to: number, zones: Subinterfaces): Denial | null {
  const blockers: number[] = [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (!applies(r.from, from, zones) || !applies(r.to, to, zones)) continue;
    const rb = boxOf(r);
    if (rb === null || !intersects(box, rb)) continue;
    if (r.action === 'allow') return null;
    blockers.push(i);
    if (covers(rb, box)) return { blockers, byDefault: false };
  }
  return from === to ? null : { blockers, byDefault: true };
}

function wireText(iface: number, vlan: number | null): string {
  return `Interface-${iface} ${vlan === null ? 'untagged' : `VLAN ${vlan}`}`;
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function denialText(rules: readonly VwireRule[], blockers: readonly number[], byDefault: boolean, from: string, to: string): string {
  const named = blockers.map((i) => `"${rules[i]!.name}" (${rules[i]!.path}, ${rules[i]!.action})`);
  if (!byDefault) {
    if (blockers.length === 1) return `firewall rule ${named[0]} denies all of it`;
    return `firewall rule${blockers.length > 2 ? 's' : ''} ${named.slice(0, -1).join(', ')} deny part of it and ${named[named.length - 1]} denies the rest`;
  }
  if (blockers.length === 0) return `no firewall rule from zone ${from} to zone ${to} allows any of it, so ${INTERZONE_DEFAULT} denies it`;
  const several = blockers.length > 1;
  return `firewall rule${several ? 's' : ''} ${named.join(', ')} ${several ? 'deny' : 'denies'} part of it and no rule from zone ${from} to zone ${to} allows the rest, so ${INTERZONE_DEFAULT} denies it`;
}

function finding(entry: PolicyEntry, message: string, firewallRules: readonly string[]): RedirectDeniedFinding {
  return {
    code: REDIRECT_DENIED,
    severity: 'warning',
    rule: { group: entry.group, template: entry.template, name: entry.name },
    message,
    path: entry.rule?.path ?? '',
    firewallRules,
  };
}

function analyse(entry: PolicyEntry, config: AppConfig, zones: Subinterfaces): RedirectDeniedFinding | null {
  const redirect = entry.redirect!;
  const boxes = matchBoxes(entry.match);
  if (boxes.length === 0) return null;
  const i = redirect.interface;
  const o = 3 - i;
  const vlan = redirect.vlan ?? -1;
  const head = `redirect rule "${entry.name}" sends traffic into the hosted firewall on ${wireText(i, redirect.vlan)}`;
  const from = zones.zoneAt(i, vlan);
  const to = zones.zoneAt(o, vlan);
  if (from === NO_ZONE || to === NO_ZONE) {
    const missing = [from === NO_ZONE ? i : 0, to === NO_ZONE ? o : 0].filter((x) => x !== 0).map((x) => `Interface-${x}`);
    const tag = redirect.vlan === null ? 'untagged frames' : `VLAN ${redirect.vlan}`;
    return finding(
      entry,
      `${head}, but the firewall has no sub-interface for ${tag} on ${missing.join(' and ')} (vwire.subinterfaces): every packet is dropped fw-vlan-not-allowed`,
      [],
    );
  }
  const rules = config.vwire.rules;
  const blockers = new Set<number>();
  let byDefault = false;
  for (const box of boxes) {
    const denial = denialOf(box, rules, from, to, zones);
    if (denial === null) return null;
    denial.blockers.forEach((b) => blockers.add(b));
    byDefault ||= denial.byDefault;
  }
  const ordered = [...blockers].sort((a, b) => a - b);
  const fromName = zones.zones[from]!;
  const toName = zones.zones[to]!;
  const names = [...ordered.map((b) => rules[b]!.name), ...(byDefault ? [INTERZONE_DEFAULT] : [])];
  return finding(
    entry,
    `${head} (zone ${fromName} to zone ${toName}), and the firewall denies it in every case: ${denialText(rules, ordered, byDefault, fromName, toName)}`,
    names,
  );
}

/** Redirect rules whose traffic the hosted firewall denies in every case, in policy order. */
export function redirectDeniedFindings(config: AppConfig): RedirectDeniedFinding[] {
  const instance = config.hostedFirewall.instance;
  if (instance === null) return [];
  const zones = new Subinterfaces(config.vwire);
  const out: RedirectDeniedFinding[] = [];
  for (const entry of buildPolicyList(config)) {
    if (entry.redirect === null || entry.redirect.template !== instance.template) continue;
    const f = analyse(entry, config, zones);
    if (f !== null) out.push(f);
  }
  return out;
}
