/**
 * Model-based test of the VM lifecycle: random command sequences run against HostedVm and a
 * small model written from the brief's state table (not from the implementation's table). After
 * every command both agree on state, images, image in use and session epoch; every refusal is a
 * CHAINSIM_MANAGEMENT error naming the command and ending with the commands the model allows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isChainsimError, type VmState } from '../../../policy/index.js';
import { HostedVm } from '../../../vwire/lifecycle/index.js';

const S = 1e9;
const BOOT = 120 * S;
const IMAGES = ['a.qcow2', 'b.qcow2', 'c.qcow2'];
const STATES: VmState[] = ['up', 'down', 'booting', 'disabled', 'not-provisioned'];
type Plain = 'start' | 'adminUp' | 'shutdown' | 'adminDown' | 'disable' | 'enable' | 'deprovision';
const PLAIN: Plain[] = ['start', 'adminUp', 'shutdown', 'adminDown', 'disable', 'enable', 'deprovision'];

interface Appliance {
  readonly conflict: boolean; // Cloud Direct or WANOP provisioned
  readonly ha: boolean;
}

interface Model {
  readonly appliance: Appliance;
  state: VmState;
  images: string[];
  lastImage: string | null; // the image of the last provisioned (or declared) instance
  bootDone: number;
  epoch: number;
  now: number;
}

interface Real {
  vm: HostedVm;
  leftUp: number; // counted by a listener
}

function inUse(m: Model): string | null {
  return m.state === 'not-provisioned' ? null : m.lastImage;
}

/** The lifecycle commands allowed now, in the order refusals list them. */
function allowedLifecycle(m: Model): string[] {
  switch (m.state) {
    case 'not-provisioned':
      return m.appliance.conflict || m.images.length === 0 ? [] : ['provision'];
    case 'booting':
    case 'up':
      return ['shutdown', 'adminDown', 'disable'];
    case 'down':
      return ['start', 'adminUp', 'disable', 'deprovision'];
    case 'disabled':
      return ['enable', 'deprovision'];
  }
}

function allowedImages(m: Model): string[] {
  return [
    ...(m.images.length < 2 ? ['uploadImage'] : []),
    ...m.images.filter((i) => i !== inUse(m)).map((i) => `deleteImage "${i}"`),
  ];
}

function tail(allowed: string[]): string {
  return `; allowed now: ${allowed.length === 0 ? 'none' : allowed.join(', ')}`;
}

function setState(m: Model, to: VmState): void {
  if (m.state === 'up' && to !== 'up') m.epoch += 1;
  m.state = to;
  m.bootDone = Infinity;
}

function advance(m: Model, dt: number): void {
  m.now += dt;
  if (m.state === 'booting' && m.now >= m.bootDone) setState(m, 'up');
}

function boot(m: Model): void {
  setState(m, 'booting');
  m.bootDone = m.now + BOOT;
}

function check(m: Model, r: Real): void {
  expect(r.vm.state).toBe(m.state);
  expect([...r.vm.images]).toEqual(m.images);
  expect(r.vm.imageInUse).toBe(inUse(m));
  expect(r.vm.sessionEpoch).toBe(m.epoch);
  expect(r.leftUp).toBe(m.epoch);
  expect(r.vm.status().processingState).toBe(m.state === 'up' ? 'processing' : 'not-processing');
  expect(r.vm.allowedCommands()).toEqual(allowedLifecycle(m));
}

/** Runs `act`; when `refused` is a message prefix, expects a refusal with it and `allowed`. */
function expectOutcome(act: () => void, refused: string | null, allowed: string[]): void {
  if (refused === null) {
    act();
    return;
  }
  let caught: unknown = null;
  try {
    act();
  } catch (err) {
    caught = err;
  }
  expect(isChainsimError(caught) && caught.code).toBe('CHAINSIM_MANAGEMENT');
  const message = (caught as Error).message;
  expect(message.startsWith(refused), message).toBe(true);
  expect(message.endsWith(tail(allowed)), message).toBe(true);
}

abstract class Step implements fc.Command<Model, Real> {
  constructor(readonly dt: number) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    advance(m, this.dt);
    this.apply(m, r, m.now);
    check(m, r);
  }
  abstract apply(m: Model, r: Real, now: number): void;
  abstract toString(): string;
}

class Upload extends Step {
  constructor(readonly name: string) {
    super(0);
  }
  apply(m: Model, r: Real): void {
    const refused = m.images.includes(this.name) || m.images.length >= 2;
    expectOutcome(() => r.vm.uploadImage(this.name), refused ? `cannot uploadImage "${this.name}": ` : null, allowedImages(m));
    if (!refused) m.images.push(this.name);
  }
  toString(): string {
    return `uploadImage(${this.name})`;
  }
}

class Delete extends Step {
  constructor(readonly name: string) {
    super(0);
  }
  apply(m: Model, r: Real): void {
    const refused = !m.images.includes(this.name) || inUse(m) === this.name;
    expectOutcome(() => r.vm.deleteImage(this.name), refused ? `cannot deleteImage "${this.name}": ` : null, allowedImages(m));
    if (!refused) m.images = m.images.filter((i) => i !== this.name);
  }
  toString(): string {
    return `deleteImage(${this.name})`;
  }
}

class Provision extends Step {
  constructor(
    dt: number,
    readonly image: string,
    readonly model: 'VM-50' | 'VM-100',
    readonly sites: readonly string[],
  ) {
    super(dt);
  }
  apply(m: Model, r: Real, now: number): void {
    const refused =
      m.state !== 'not-provisioned' ||
      m.appliance.conflict ||
      !m.images.includes(this.image) ||
      (m.appliance.ha && new Set(this.sites).size < 2);
    const request = { vendor: 'palo-alto-networks', model: this.model, image: this.image, sites: this.sites };
    expectOutcome(() => r.vm.provision(request, now), refused ? 'cannot provision: ' : null, allowedLifecycle(m));
    if (refused) return;
    m.lastImage = this.image;
    boot(m);
  }
  toString(): string {
    return `+${this.dt / S}s provision(${this.image}, ${this.model}, [${this.sites.join(',')}])`;
  }
}

class PlainCommand extends Step {
  constructor(
    dt: number,
    readonly command: Plain,
  ) {
    super(dt);
  }
  apply(m: Model, r: Real, now: number): void {
    const allowed = allowedLifecycle(m);
    const refused = !allowed.includes(this.command);
    expectOutcome(
      () => r.vm[this.command](now),
      refused ? `cannot ${this.command}: the VM is ${m.state.replace('-', ' ')} (` : null,
      allowed,
    );
    if (refused) return;
    if (this.command === 'shutdown' || this.command === 'adminDown') setState(m, 'down');
    else if (this.command === 'disable') setState(m, 'disabled');
    else if (this.command === 'deprovision') setState(m, 'not-provisioned');
    else boot(m);
  }
  toString(): string {
    return `+${this.dt / S}s ${this.command}()`;
  }
}

class Tick extends Step {
  apply(_m: Model, r: Real, now: number): void {
    r.vm.tick(now);
  }
  toString(): string {
    return `+${this.dt / S}s tick`;
  }
}

class Force extends Step {
  constructor(
    dt: number,
    readonly state: VmState,
  ) {
    super(dt);
  }
  apply(m: Model, r: Real, now: number): void {
    r.vm.forceState(this.state, now);
    setState(m, this.state);
  }
  toString(): string {
    return `+${this.dt / S}s forceState(${this.state})`;
  }
}

const dt = fc.oneof(fc.constantFrom(0, 1, BOOT - 1, BOOT), fc.integer({ min: 0, max: 300 * S }));
const image = fc.constantFrom(...IMAGES);
const commands = fc.commands<Model, Real>(
  [
    image.map((n) => new Upload(n)),
    image.map((n) => new Delete(n)),
    fc
      .tuple(dt, image, fc.constantFrom('VM-50' as const, 'VM-100' as const), fc.constantFrom([], ['S1'], ['S1', 'S1'], ['S1', 'S2']))
      .map(([t, i, mo, s]) => new Provision(t, i, mo, s)),
    fc.tuple(dt, fc.constantFrom(...PLAIN)).map(([t, c]) => new PlainCommand(t, c)),
    dt.map((t) => new Tick(t)),
    fc.tuple(dt, fc.constantFrom(...STATES)).map(([t, s]) => new Force(t, s)),
  ],
  { maxCommands: 60 },
);
const appliance = fc.record({
  conflict: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  ha: fc.boolean(),
});

describe('HostedVm against a model', () => {
  it('agrees with the model after any sequence of commands', () => {
    fc.assert(
      fc.property(appliance, commands, (app, cmds) => {
        const setup = () => {
          const vm = new HostedVm({
            managementIp: '172.31.255.1',
            services: { cloudDirect: app.conflict, wanop: false },
            ha: { enabled: app.ha },
          });
          const real: Real = { vm, leftUp: 0 };
          vm.onChange((c) => {
            expect(c.from).not.toBe(c.to);
            if (c.from === 'up') real.leftUp += 1;
          });
          const model: Model = { appliance: app, state: 'not-provisioned', images: [], lastImage: null, bootDone: Infinity, epoch: 0, now: 0 };
          return { model, real };
        };
        fc.modelRun(setup, cmds);
      }),
      { numRuns: 400 },
    );
  });
});
