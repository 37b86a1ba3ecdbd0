/**
 * `vwire`: the hosted firewall's own configuration, independent of the SD-WAN side (its zones are
 * its own namespace): VLAN sub-interfaces on Interface-1/2 mapped to zones, security rules, the
 * non-SYN check and the processing latency.
 */
import type { VwireAction, VwireConfig, VwireRule, VwireSubinterface } from '../types.js';
import { DEFAULTS } from '../defaults.js';
import { Obj, items, need, opt, type Field, type Issues } from '../reader.js';
import { BOOL, DURATION, FW_INTERFACE, NAME, PORTS, PREFIXES, PROTOCOL, VLAN_ID, nameOf, oneOf } from '../values.js';

const ACTIONS: readonly VwireAction[] = ['allow', 'deny', 'drop', 'reset-client'];
const FW_ZONE = nameOf('a firewall zone name');

function readSubinterface(issues: Issues, f: Field): VwireSubinterface {
  const o = new Obj(issues, f, ['interface', 'vlan', 'zone']);
  return {
    interface: need(issues, o.get('interface'), FW_INTERFACE) ?? 1,
    vlan: opt(issues, o.get('vlan'), VLAN_ID, DEFAULTS.vwire.subinterfaceVlan),
    zone: need(issues, o.get('zone'), FW_ZONE) ?? '',
  };
}

function readRule(issues: Issues, f: Field): VwireRule {
  const o = new Obj(issues, f, ['name', 'from', 'to', 'src', 'dst', 'srcPort', 'dstPort', 'protocol', 'action']);
  return {
    name: need(issues, o.get('name'), NAME) ?? '',
    from: opt(issues, o.get('from'), FW_ZONE, DEFAULTS.vwire.zone),
    to: opt(issues, o.get('to'), FW_ZONE, DEFAULTS.vwire.zone),
    src: opt(issues, o.get('src'), PREFIXES, null),
    dst: opt(issues, o.get('dst'), PREFIXES, null),
    srcPort: opt(issues, o.get('srcPort'), PORTS, null),
    dstPort: opt(issues, o.get('dstPort'), PORTS, null),
    protocol: opt(issues, o.get('protocol'), PROTOCOL, null),
    action: need(issues, o.get('action'), oneOf('a firewall action', ACTIONS)) ?? 'allow',
    path: f.path,
  };
}

export function readVwire(issues: Issues, f: Field): VwireConfig {
  const o = new Obj(issues, f, ['subinterfaces', 'rules', 'rejectNonSynTcp', 'processingLatency']);
  const d = DEFAULTS.vwire;
  return {
    subinterfaces: items(issues, o.get('subinterfaces'), 'a list of sub-interfaces').map((s) => readSubinterface(issues, s)),
    rules: items(issues, o.get('rules'), 'a list of firewall rules').map((r) => readRule(issues, r)),
    rejectNonSynTcp: opt(issues, o.get('rejectNonSynTcp'), BOOL, d.rejectNonSynTcp),
    processingLatencySeconds: opt(issues, o.get('processingLatency'), DURATION, d.processingLatencySeconds),
  };
}
