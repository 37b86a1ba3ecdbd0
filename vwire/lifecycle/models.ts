/**
 * What the hosted firewall can be: the one vendor the appliance supports and its two VM models,
 * with the figures chainsim needs from each.
 */
import type { VmModel } from '../../policy/index.js';

export const VM_VENDOR = 'palo-alto-networks';
export type VmVendor = typeof VM_VENDOR;

export const VM_MODELS: readonly VmModel[] = ['VM-50', 'VM-100'];

/**
 * Most concurrent sessions per model: "Max sessions" of the Palo Alto Networks VM-Series
 * datasheet (VM-50: 50,000; VM-100: 250,000), the figures SPEC.md (Hosted firewall) pins.
 * Beyond them a new session is dropped `fw-session-limit`.
 */
export const VM_SESSION_CAPACITY: Readonly<Record<VmModel, number>> = {
  'VM-50': 50_000,
  'VM-100': 250_000,
};

/**
 * How long a VM boots after provision, start or enable before it processes traffic, in
 * nanoseconds. Chosen, not measured: neither the vendor document nor SPEC.md gives a figure;
 * PAN-OS VM-Series boots take minutes, and two minutes is a round value that keeps
 * "redirected traffic drops while the VM boots" visible in short captures. Callers may pass
 * their own (`bootNs` option); scenarios and the config's `state: booting` do not use it at
 * all (SPEC.md: booting lasts until an `up` event).
 */
export const DEFAULT_BOOT_NS = 120e9;

/** The TCP port of the VM's web GUI on the appliance's management address (vendor document). */
export const VM_GUI_PORT = 4100;

export function isVmModel(value: unknown): value is VmModel {
  return VM_MODELS.includes(value as VmModel);
}
