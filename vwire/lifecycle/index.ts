// vwire/lifecycle/: the hosted firewall VM's management plane (images, provision, boot, states).
export { DEFAULT_BOOT_NS, VM_GUI_PORT, VM_MODELS, VM_SESSION_CAPACITY, VM_VENDOR, isVmModel } from './models.js';
export type { VmVendor } from './models.js';
export { VM_COMMANDS, VM_TRANSITIONS } from './transitions.js';
export type { VmCommand, VmTransition } from './transitions.js';
export { isFqdn } from './provision.js';
export type { ApplianceFacts, InstanceSpec, ProvisionRequest } from './provision.js';
export { HostedVm, MAX_IMAGES, guiUrl } from './vm.js';
export type { HostedVmOptions, VmChange, VmChangeCause, VmListener, VmStatus } from './vm.js';
export { vmFromConfig } from './from-config.js';
export type { VmFromConfigOptions } from './from-config.js';
