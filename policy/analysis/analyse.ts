/**
 * Every finding policy/ can decide on its own, in a stable order: rule by rule in evaluation
 * order (unreachable rules, then the redirect findings), then the hosted firewall's
 * provisioning. Findings across the two rulebases (redirected traffic the firewall denies)
 * need the firewall and live in vwire/analysis; `chainsim lint` runs both.
 */
import type { AppConfig } from '../config/types.js';
import type { Finding } from './finding.js';
import { haFindings, managementServerFindings } from './hosted-firewall.js';
import type { ReachOptions } from './reachability.js';
import { redirectFindings } from './redirect.js';
import { unreachableRuleFindings } from './unreachable.js';

export function policyFindings(config: AppConfig, options: ReachOptions = {}): Finding[] {
  return [
    ...unreachableRuleFindings(config, options),
    ...redirectFindings(config),
    ...managementServerFindings(config),
    ...haFindings(config),
  ];
}
