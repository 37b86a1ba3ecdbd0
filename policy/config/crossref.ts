/**
 * Checks across sections, once every section is read: names refer to something defined (zones,
 * interfaces, templates, service redirection interfaces, applications, images), names are not
 * repeated, and the appliance-level rules of SPEC.md hold (at most two images, no hosted firewall
 * beside Cloud Direct or WANOP). Values that were already reported as unusable are '' or null
 * here and are skipped, so one mistake gives one error.
 *
 * Judgements about whether a valid config is wise (redirect under directional matching, shadowed
 * rules) are lint's, not errors.
 */
import type { AppConfig, PolicyRule } from './types.js';
import { duplicate, duplicateOf, unknownName } from './messages.js';
import type { Issues } from './reader.js';

type Report = (path: string, message: string) => void;

interface Named {
  readonly name: string;
  readonly path: string;
}

function checkUnique(report: Report, kind: string, entries: readonly Named[]): void {
  const first = new Map<string, string>();
  for (const { name, path } of entries) {
    if (name === '') continue;
    const seen = first.get(name);
    if (seen === undefined) first.set(name, path);
    else report(path, duplicate(kind, name, seen));
  }
}

function checkKnown(report: Report, kind: string, name: string | null, path: string, defined: readonly string[], where = ''): void {
  if (name === null || name === '' || defined.includes(name)) return;
  report(path, unknownName(kind, name, defined, where));
}

function names(list: readonly { readonly name: string }[]): string[] {
  return list.map((x) => x.name).filter((n) => n !== '');
}

/** The SD-WAN rule lists; a rule's name must be unique within its list (the summary tells rules
 * apart by group, template and name). */
function ruleLists(c: AppConfig): (readonly PolicyRule[])[] {
  return [...c.firewall.templates.flatMap((t) => [t.preAppliance, t.postAppliance]), c.firewall.policies];
}

function checkRules(report: Report, c: AppConfig): void {
  const applications = names(c.applications);
  for (const rules of ruleLists(c)) {
    // `reverseAlso` adds `<name> (reverse)` right after the rule: it must not collide either.
    checkUnique(
      report,
      'rule name',
      rules.flatMap((r) => [
        { name: r.name, path: `${r.path}.name` },
        ...(r.reverseAlso && r.name !== '' ? [{ name: `${r.name} (reverse)`, path: `${r.path}.reverseAlso` }] : []),
      ]),
    );
    for (const r of rules) {
      checkKnown(report, 'zone', r.match.fromZone, `${r.path}.match.fromZone`, c.zones);
      checkKnown(report, 'zone', r.match.toZone, `${r.path}.match.toZone`, c.zones);
      checkKnown(report, 'application', r.match.application, `${r.path}.match.application`, applications);
      if (r.type !== 'hosted-firewall') continue;
      const templates = c.hostedFirewall.templates;
      checkKnown(report, 'hosted firewall template', r.hostedFirewall, `${r.path}.hostedFirewall`, names(templates));
      const template = templates.find((t) => t.name === r.hostedFirewall);
      if (template === undefined) continue;
      checkKnown(
        report,
        'service redirection interface',
        r.serviceRedirectInterface,
        `${r.path}.serviceRedirectInterface`,
        names(template.serviceRedirectInterfaces),
        ` in hosted firewall template ${template.name}`,
      );
    }
  }
}

function checkNetwork(report: Report, c: AppConfig, declaredZones: readonly string[]): void {
  checkUnique(report, 'zone', declaredZones.map((name, i) => ({ name, path: `zones[${i}]` })));
  checkUnique(report, 'interface name', c.interfaces.map((x, i) => ({ name: x.name, path: `interfaces[${i}].name` })));
  const vlans = new Map<number, string>();
  c.interfaces.forEach((x, i) => {
    checkKnown(report, 'zone', x.zone, `interfaces[${i}].zone`, c.zones);
    if (x.vlan === null) return;
    const path = `interfaces[${i}].vlan`;
    const seen = vlans.get(x.vlan);
    if (seen === undefined) vlans.set(x.vlan, path);
    else report(path, duplicateOf(`interface VLAN ${x.vlan}`, seen));
  });
  const interfaces = names(c.interfaces);
  c.routes.forEach((r, i) => checkKnown(report, 'interface', r.via, `routes[${i}].via`, interfaces));
  checkUnique(report, 'application name', c.applications.map((a, i) => ({ name: a.name, path: `applications[${i}].name` })));
}

/** Entries whose (interface, vlan) pair must be unique; those with a bad interface or VLAN (already
 * reported) are left out. */
function checkWires(
  report: Report,
  issues: Issues,
  what: string,
  entries: readonly { interface: 1 | 2; vlan: number | null; path: string }[],
): void {
  const first = new Map<string, string>();
  for (const e of entries) {
    if (issues.reported(`${e.path}.interface`) || issues.reported(`${e.path}.vlan`)) continue;
    const key = `interface ${e.interface}, ${e.vlan === null ? 'untagged' : `VLAN ${e.vlan}`}`;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, e.path);
    else report(e.path, duplicateOf(`${what} (${key})`, seen));
  }
}

function checkHostedFirewall(report: Report, issues: Issues, c: AppConfig): void {
  const hf = c.hostedFirewall;
  const images = hf.images.filter((n) => n !== '');
  if (hf.images.length > 2) {
    report('hostedFirewall.images', `at most two images can be stored on the appliance (${hf.images.length} listed)`);
  }
  checkUnique(report, 'image', hf.images.map((name, i) => ({ name, path: `hostedFirewall.images[${i}]` })));
  checkUnique(report, 'hosted firewall template name', hf.templates.map((t, i) => ({ name: t.name, path: `hostedFirewall.templates[${i}].name` })));
  hf.templates.forEach((t, i) => {
    const base = `hostedFirewall.templates[${i}].serviceRedirectInterfaces`;
    const sris = t.serviceRedirectInterfaces.map((s, j) => ({ ...s, path: `${base}[${j}]` }));
    checkUnique(report, 'service redirection interface name', sris.map((s) => ({ name: s.name, path: `${s.path}.name` })));
    checkWires(report, issues, 'service redirection interface', sris);
  });
  const instance = hf.instance;
  if (instance === null) return;
  checkKnown(report, 'hosted firewall template', instance.template, 'hostedFirewall.instance.template', names(hf.templates));
  checkKnown(report, 'image', instance.image, 'hostedFirewall.instance.image', images);
  const services = c.appliance.services;
  const blockers = [services.cloudDirect ? 'Cloud Direct' : '', services.wanop ? 'WANOP' : ''].filter((s) => s !== '');
  if (instance.state !== 'not-provisioned' && blockers.length > 0) {
    report(
      'hostedFirewall.instance',
      `a hosted firewall cannot be provisioned while ${blockers.join(' and ')} ${blockers.length > 1 ? 'are' : 'is'} (appliance.services)`,
    );
  }
}

function checkFirewall(report: Report, c: AppConfig): void {
  const fw = c.firewall;
  checkUnique(report, 'firewall policy template name', fw.templates.map((t, i) => ({ name: t.name, path: `firewall.templates[${i}].name` })));
  const templates = names(fw.templates);
  fw.apply.forEach((name, i) => checkKnown(report, 'firewall policy template', name, `firewall.apply[${i}]`, templates));
  checkUnique(report, 'applied template', fw.apply.map((name, i) => ({ name, path: `firewall.apply[${i}]` })));
  checkRules(report, c);
}

function checkVwire(report: Report, issues: Issues, c: AppConfig): void {
  const v = c.vwire;
  checkWires(report, issues, 'sub-interface', v.subinterfaces.map((s, i) => ({ ...s, path: `vwire.subinterfaces[${i}]` })));
  const zones = [...new Set(v.subinterfaces.map((s) => s.zone).filter((z) => z !== '')), 'any'];
  checkUnique(report, 'firewall rule name', v.rules.map((r) => ({ name: r.name, path: `${r.path}.name` })));
  for (const r of v.rules) {
    checkKnown(report, 'firewall zone', r.from, `${r.path}.from`, zones);
    checkKnown(report, 'firewall zone', r.to, `${r.path}.to`, zones);
  }
}

/** `at` gives the offset where a path was written (see locate.ts). */
export function crossCheck(issues: Issues, at: (path: string) => number | null, c: AppConfig, declaredZones: readonly string[]): void {
  const report: Report = (path, message) => issues.add(at(path) ?? 0, path, message);
  checkNetwork(report, c, declaredZones);
  checkHostedFirewall(report, issues, c);
  checkFirewall(report, c);
  checkVwire(report, issues, c);
}
