/**
 * The hosted firewall VM's management commands as one table: which states each command is
 * accepted in and the state it leads to. The lifecycle, its refusal messages and the list of
 * commands allowed now all come from this table, so they cannot disagree.
 *
 *     not-provisioned --provision--> booting --(boot time)--> up
 *     booting, up --shutdown/adminDown--> down --start/adminUp--> booting
 *     booting, up, down --disable--> disabled --enable--> booting
 *     down, disabled --deprovision--> not-provisioned
 *
 * `adminDown`/`adminUp` are the appliance status panel's Admin status switch; the vendor
 * document defines that status as "whether the VM is started or shut down", and SPEC.md reports
 * it as the VM state, so they move the VM exactly as `shutdown`/`start` do.
 *
 * `deprovision` needs the VM down or disabled: removing a running firewall would cut the
 * traffic it is processing without the operator having decided to stop it first.
 */
import type { VmState } from '../../policy/index.js';

export const VM_COMMANDS = [
  'provision',
  'start',
  'adminUp',
  'shutdown',
  'adminDown',
  'disable',
  'enable',
  'deprovision',
] as const;
export type VmCommand = (typeof VM_COMMANDS)[number];

export interface VmTransition {
  readonly from: readonly VmState[];
  readonly to: VmState;
}

export const VM_TRANSITIONS: Readonly<Record<VmCommand, VmTransition>> = {
  provision: { from: ['not-provisioned'], to: 'booting' },
  start: { from: ['down'], to: 'booting' },
  adminUp: { from: ['down'], to: 'booting' },
  shutdown: { from: ['booting', 'up'], to: 'down' },
  adminDown: { from: ['booting', 'up'], to: 'down' },
  disable: { from: ['booting', 'up', 'down'], to: 'disabled' },
  enable: { from: ['disabled'], to: 'booting' },
  deprovision: { from: ['down', 'disabled'], to: 'not-provisioned' },
};

/** How a state reads in a sentence: "the VM is not provisioned". */
export function describeState(state: VmState): string {
  return state === 'not-provisioned' ? 'not provisioned' : state;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The tail every refusal ends with. */
export function allowedNow(commands: readonly string[]): string {
  return `allowed now: ${commands.length === 0 ? 'none' : commands.join(', ')}`;
}

/** `cannot start: the VM is booting (start needs it down)`; the caller adds `allowedNow`. */
export function stateRefusal(command: VmCommand, state: VmState): string {
  const needs = orList(VM_TRANSITIONS[command].from.map(describeState));
  return `cannot ${command}: the VM is ${describeState(state)} (${command} needs it ${needs})`;
}
