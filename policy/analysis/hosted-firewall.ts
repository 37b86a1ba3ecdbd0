/**
 * Findings about the hosted firewall's provisioning:
 *
 *   management-server-fqdn   a Panorama server given by name: the auto rules
 *                            allow-to/from-management-servers match addresses, and nothing in
 *                            the appliance's policy resolves names, so the firewall's own
 *                            management traffic falls to the other policies (and may be
 *                            redirected into the firewall itself);
 *   ha-without-both-sites    HA enabled, but the instance does not name both sites of the pair
 *                            (DOMAIN.md: both primary and secondary site must be chosen).
 */
import type { AppConfig } from '../config/types.js';
import { AUTO_FROM_MANAGEMENT, AUTO_TO_MANAGEMENT } from '../model/index.js';
import { HA_WITHOUT_BOTH_SITES, MANAGEMENT_SERVER_FQDN, listText, type Finding } from './finding.js';

export function managementServerFindings(config: AppConfig): Finding[] {
  const out: Finding[] = [];
  config.hostedFirewall.templates.forEach((t, i) => {
    for (const role of ['primary', 'secondary'] as const) {
      const s = t.managementServers[role];
      if (s === null || s.kind !== 'fqdn') continue;
      out.push({
        code: MANAGEMENT_SERVER_FQDN,
        severity: 'warning',
        rule: null,
        message:
          `hosted firewall template "${t.name}": the ${role} management server "${s.text}" is an FQDN, which the auto rules ` +
          `${AUTO_TO_MANAGEMENT} and ${AUTO_FROM_MANAGEMENT} cannot match (the policy resolves no names), ` +
          `so the firewall's management traffic falls to the other policies and may be redirected; give its IP address`,
        path: `hostedFirewall.templates[${i}].managementServers.${role}`,
      });
    }
  });
  return out;
}

export function haFindings(config: AppConfig): Finding[] {
  const instance = config.hostedFirewall.instance;
  if (!config.appliance.ha.enabled || instance === null) return [];
  const sites = [...new Set(instance.sites)];
  if (sites.length >= 2) return [];
  const named = sites.length === 0 ? 'no site' : `only ${listText(sites.map((s) => `"${s}"`))}`;
  return [
    {
      code: HA_WITHOUT_BOTH_SITES,
      severity: 'warning',
      rule: null,
      message:
        `HA is enabled (appliance.ha.enabled), but hostedFirewall.instance.sites names ${named}: ` +
        `the hosted firewall of an HA pair is provisioned on both its primary and its secondary site; list both sites`,
      path: 'hostedFirewall.instance.sites',
    },
  ];
}
