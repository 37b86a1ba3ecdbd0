/**
 * The hosted firewall VM's lifecycle: software images, provision, boot, start / shutdown /
 * disable / enable, deprovision, and the status the appliance shows.
 *
 * Pure: no timers, no wall clock. Time is a number of nanoseconds on a clock the caller drives
 * (in replay, the virtual clock since the first packet). Every method that takes `now` first
 * brings the VM to that time (a boot that ended meanwhile makes it `up` at its own instant); a
 * `now` earlier than the VM's clock counts as the clock's time, as a late packet does in SPEC.md.
 *
 * Commands that the current state does not allow throw CHAINSIM_MANAGEMENT with what was
 * refused, why, and what is allowed now. `forceState` (the config's `state`, scenario events,
 * live probes) is never refused.
 *
 * The dataplane reads `isProcessing` and `sessionEpoch` per packet: both are plain fields, and
 * the epoch grows each time the VM leaves `up`, which is when its sessions are lost.
 */
import { chainsimError, type VmModel, type VmState } from '../../policy/index.js';
import { DEFAULT_BOOT_NS, VM_GUI_PORT, VM_SESSION_CAPACITY, type VmVendor } from './models.js';
import { checkProvision, servicesConflict, type ApplianceFacts, type InstanceSpec, type ProvisionRequest } from './provision.js';
import { allowedNow, stateRefusal, VM_COMMANDS, VM_TRANSITIONS, type VmCommand } from './transitions.js';

/** The appliance keeps at most two software images (vendor document, "Provisioning"). */
export const MAX_IMAGES = 2;

export interface HostedVmOptions extends Partial<ApplianceFacts> {
  /** The appliance's management address; the VM's GUI is at port 4100 of it. */
  readonly managementIp: string;
  /** Boot time after provision / start / enable, ns. Default DEFAULT_BOOT_NS; Infinity: the
   * boot ends only when forced `up`. */
  readonly bootNs?: number;
}

export type VmChangeCause = VmCommand | 'boot-complete' | 'forced';

export interface VmChange {
  readonly from: VmState;
  readonly to: VmState;
  readonly atNs: number;
  readonly cause: VmChangeCause;
}

export type VmListener = (change: VmChange) => void;

/** What the appliance's hosted firewall page shows (SPEC.md: Summary, hostedFirewall). */
export interface VmStatus {
  /** The VM state (SPEC.md reports the admin state as the lifecycle state). */
  readonly adminState: VmState;
  readonly processingState: 'processing' | 'not-processing';
  readonly vendor: VmVendor | null;
  readonly model: VmModel | null;
  readonly image: string | null;
  readonly managementIp: string;
  /** `https://<managementIp>:4100/`; null while nothing is provisioned. */
  readonly guiUrl: string | null;
  readonly sites: readonly string[];
}

export class HostedVm {
  private current: VmState = 'not-provisioned';
  /** The instance last provisioned (kept after deprovision so that a forced re-provision, as a
   * scenario's `provision` event, brings back the same VM). */
  private spec: InstanceSpec | null = null;
  private readonly stored: string[] = [];
  private clockNs = 0;
  private bootDoneNs = Infinity;
  private epoch = 0;
  private readonly listeners: VmListener[] = [];
  private readonly facts: ApplianceFacts;
  private readonly managementIp: string;
  private readonly bootNs: number;

  constructor(options: HostedVmOptions) {
    this.facts = {
      services: options.services ?? { cloudDirect: false, wanop: false },
      ha: options.ha ?? { enabled: false },
    };
    this.managementIp = options.managementIp;
    this.bootNs = options.bootNs ?? DEFAULT_BOOT_NS;
    if (!(this.bootNs >= 0)) {
      throw chainsimError('CHAINSIM_INTERNAL', `creating the hosted VM: boot time ${this.bootNs} ns is not a duration`);
    }
  }

  get state(): VmState {
    return this.current;
  }

  /** Up and passing traffic: the only state in which redirected packets reach the firewall. */
  get isProcessing(): boolean {
    return this.current === 'up';
  }

  /** Grows by one each time the VM leaves `up`: firewall sessions of an older epoch are gone. */
  get sessionEpoch(): number {
    return this.epoch;
  }

  /** The VM's clock, ns: the latest time it was brought to. */
  get nowNs(): number {
    return this.clockNs;
  }

  /** When a running boot ends, ns; Infinity when not booting or when the boot waits for a
   * forced `up`. For event loops that want to wake the VM exactly then. */
  get bootDoneAtNs(): number {
    return this.current === 'booting' ? this.bootDoneNs : Infinity;
  }

  /** The provisioned model, or null while not provisioned. */
  get model(): VmModel | null {
    return this.provisioned()?.model ?? null;
  }

  /** Sessions the provisioned model holds; 0 while not provisioned. */
  get sessionCapacity(): number {
    const model = this.model;
    return model === null ? 0 : VM_SESSION_CAPACITY[model];
  }

  /** The stored software images, in upload order. */
  get images(): readonly string[] {
    return this.stored;
  }

  /** The image the provisioned VM runs: it cannot be deleted. */
  get imageInUse(): string | null {
    return this.provisioned()?.image ?? null;
  }

  /** The lifecycle commands (VM_COMMANDS order) that some argument would make succeed now. */
  allowedCommands(): VmCommand[] {
    return VM_COMMANDS.filter((command) => this.accepts(command));
  }

  uploadImage(name: string): void {
    let why: string | null = null;
    if (typeof name !== 'string' || name.trim() === '') why = 'an image needs a name';
    else if (this.stored.includes(name)) why = 'an image of that name is stored already';
    else if (this.stored.length >= MAX_IMAGES) {
      why = `${this.stored.length} images are stored (${this.stored.join(', ')}), the most the appliance keeps`;
    }
    if (why !== null) this.refuseImage('uploadImage', name, why);
    this.stored.push(name);
  }

  deleteImage(name: string): void {
    const index = this.stored.indexOf(name);
    if (index < 0) {
      const stored = this.stored.length === 0 ? 'none' : this.stored.join(', ');
      this.refuseImage('deleteImage', name, `it is not stored (stored: ${stored})`);
    }
    if (name === this.imageInUse) {
      this.refuseImage('deleteImage', name, 'the provisioned VM runs it (deprovision the VM first)');
    }
    this.stored.splice(index, 1);
  }

  provision(request: ProvisionRequest, now?: number): void {
    this.bringTo(now);
    this.requireState('provision');
    const checked = checkProvision(request, this.stored, this.facts);
    if (typeof checked === 'string') this.refuse(`cannot provision: ${checked}`);
    this.spec = checked;
    this.boot('provision');
  }

  start(now?: number): void {
    this.command('start', now);
  }

  adminUp(now?: number): void {
    this.command('adminUp', now);
  }

  shutdown(now?: number): void {
    this.command('shutdown', now);
  }

  adminDown(now?: number): void {
    this.command('adminDown', now);
  }

  disable(now?: number): void {
    this.command('disable', now);
  }

  enable(now?: number): void {
    this.command('enable', now);
  }

  deprovision(now?: number): void {
    this.command('deprovision', now);
  }

  /** Brings the VM to `now`: a boot whose time has come ends (`up` at the boot's own end). */
  tick(now: number): void {
    this.bringTo(now);
  }

  /**
   * Sets the state as the config, a scenario event or a live probe says; never refused, and a
   * state equal to the current one changes nothing. A forced `booting` has no boot timer: it
   * lasts until something forces `up` (SPEC.md, Scenario).
   */
  forceState(state: VmState, now?: number): void {
    this.bringTo(now);
    this.moveTo(state, this.clockNs, 'forced');
  }

  /**
   * Records the instance as the config declares it, without the checks of `provision` (config
   * validation and lint own those) and without changing the state: a state forced later, other
   * than `not-provisioned`, runs this instance.
   */
  declareInstance(spec: InstanceSpec): void {
    this.spec = spec;
  }

  /** Calls `listener` on every state change; returns the function that stops it. */
  onChange(listener: VmListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  status(): VmStatus {
    const spec = this.provisioned();
    return {
      adminState: this.current,
      processingState: this.current === 'up' ? 'processing' : 'not-processing',
      vendor: spec?.vendor ?? null,
      model: spec?.model ?? null,
      image: spec?.image ?? null,
      managementIp: this.managementIp,
      guiUrl: spec === null ? null : guiUrl(this.managementIp),
      sites: spec?.sites ?? [],
    };
  }

  /** The instance while the VM is provisioned; its spec may be unknown when a state was forced
   * onto a VM that was never provisioned. */
  private provisioned(): InstanceSpec | null {
    return this.current === 'not-provisioned' ? null : this.spec;
  }

  private accepts(command: VmCommand): boolean {
    if (!VM_TRANSITIONS[command].from.includes(this.current)) return false;
    return command !== 'provision' || (servicesConflict(this.facts) === null && this.stored.length > 0);
  }

  private command(command: Exclude<VmCommand, 'provision'>, now: number | undefined): void {
    this.bringTo(now);
    this.requireState(command);
    const to = VM_TRANSITIONS[command].to;
    if (to === 'booting') this.boot(command);
    else this.moveTo(to, this.clockNs, command);
  }

  private boot(cause: VmCommand): void {
    this.moveTo('booting', this.clockNs, cause);
    this.bootDoneNs = this.clockNs + this.bootNs;
  }

  private requireState(command: VmCommand): void {
    if (!VM_TRANSITIONS[command].from.includes(this.current)) {
      this.refuse(stateRefusal(command, this.current));
    }
  }

  private refuse(reason: string): never {
    throw chainsimError('CHAINSIM_MANAGEMENT', `${reason}; ${allowedNow(this.allowedCommands())}`);
  }

  private refuseImage(command: 'uploadImage' | 'deleteImage', name: unknown, why: string): never {
    const options = [
      ...(this.stored.length < MAX_IMAGES ? ['uploadImage'] : []),
      ...this.stored.filter((n) => n !== this.imageInUse).map((n) => `deleteImage ${JSON.stringify(n)}`),
    ];
    throw chainsimError('CHAINSIM_MANAGEMENT', `cannot ${command} ${JSON.stringify(name)}: ${why}; ${allowedNow(options)}`);
  }

  private bringTo(now: number | undefined): void {
    if (now !== undefined) {
      if (!Number.isFinite(now)) {
        throw chainsimError('CHAINSIM_INTERNAL', `hosted VM clock: ${now} is not a time in nanoseconds`);
      }
      if (now > this.clockNs) this.clockNs = now;
    }
    if (this.current === 'booting' && this.clockNs >= this.bootDoneNs) {
      this.moveTo('up', this.bootDoneNs, 'boot-complete');
    }
  }

  private moveTo(to: VmState, atNs: number, cause: VmChangeCause): void {
    const from = this.current;
    if (from === to) {
      if (cause === 'forced') this.bootDoneNs = Infinity;
      return;
    }
    this.current = to;
    this.bootDoneNs = Infinity;
    if (from === 'up') this.epoch += 1;
    if (this.listeners.length === 0) return;
    const change: VmChange = { from, to, atNs, cause };
    for (const listener of this.listeners.slice()) listener(change);
  }
}

/** `https://172.31.255.1:4100/`, `https://[2001:db8::1]:4100/`. */
export function guiUrl(managementIp: string): string {
  const host = managementIp.includes(':') ? `[${managementIp}]` : managementIp;
  return `https://${host}:${VM_GUI_PORT}/`;
}
