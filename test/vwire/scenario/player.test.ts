import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VmState } from '../../../policy/index.js';
import { HostedVm } from '../../../vwire/lifecycle/index.js';
import { parseScenario, ScenarioPlayer, SCENARIO_EVENTS } from '../../../vwire/scenario/index.js';

const S = 1e9;

function upVm(): HostedVm {
  const vm = new HostedVm({ managementIp: '172.31.255.1' });
  vm.forceState('up', 0);
  return vm;
}

function player(text: string): ScenarioPlayer {
  return new ScenarioPlayer(parseScenario(text, 'scenario.yaml'));
}

/** Records what the player forces, with the time it passes. */
class Recorder {
  readonly calls: [VmState, number][] = [];
  forceState(state: VmState, now: number): void {
    this.calls.push([state, now]);
  }
}

describe('ScenarioPlayer', () => {
  it('has the VM down from 90 s (inclusive) to 95 s (exclusive)', () => {
    const vm = upVm();
    const p = player('- { at: 90s, do: shutdown }\n- { at: 95s, do: up }\n');
    const stateAt = (t: number): VmState => {
      p.advance(t, vm);
      vm.tick(t);
      return vm.state;
    };
    expect(stateAt(90 * S - 1)).toBe('up');
    expect(stateAt(90 * S)).toBe('down'); // the event at 90 s applies before a packet at 90 s
    expect(vm.sessionEpoch).toBe(1);
    expect(stateAt(95 * S - 1)).toBe('down');
    expect(stateAt(95 * S)).toBe('up');
    expect(vm.sessionEpoch).toBe(1);
  });

  it('plays the SPEC example: booting after start lasts until the next up', () => {
    const vm = new HostedVm({ managementIp: '172.31.255.1' });
    const p = player('- { at: 0s, do: provision }\n- { at: 30s, do: up }\n- { at: 90s, do: shutdown }\n- { at: 95s, do: start }\n');
    const seen: [number, VmState][] = [];
    for (const t of [0, 29, 30, 89, 90, 95, 10_000]) {
      p.advance(t * S, vm);
      vm.tick(t * S);
      seen.push([t, vm.state]);
    }
    expect(seen).toEqual([
      [0, 'booting'],
      [29, 'booting'],
      [30, 'up'],
      [89, 'up'],
      [90, 'down'],
      [95, 'booting'],
      [10_000, 'booting'],
    ]);
  });

  it('tells the next event time, then Infinity', () => {
    const p = player('- { at: 30s, do: up }\n- { at: 0s, do: provision }\n');
    const vm = new Recorder();
    expect(p.nextAt()).toBe(0);
    expect(p.advance(0, vm)).toBe(1);
    expect(p.nextAt()).toBe(30 * S);
    expect(p.advance(30 * S - 1, vm)).toBe(0);
    expect(p.advance(30 * S, vm)).toBe(1);
    expect(p.nextAt()).toBe(Infinity);
    expect(p.advance(1e6 * S, vm)).toBe(0);
  });

  it('forces each event at its own time and in file order on ties, however far the clock jumps', () => {
    const p = player('- { at: 20s, do: up }\n- { at: 10s, do: down }\n- { at: 10s, do: disable }\n');
    const vm = new Recorder();
    expect(p.advance(100 * S, vm)).toBe(3);
    expect(vm.calls).toEqual([
      ['down', 10 * S],
      ['disabled', 10 * S],
      ['up', 20 * S],
    ]);
  });

  it('accepts an event that changes nothing', () => {
    const vm = upVm();
    const p = player('- { at: 1s, do: up }\n- { at: 2s, do: enable }\n- { at: 3s, do: start }\n');
    p.advance(1 * S, vm);
    expect(vm.state).toBe('up');
    expect(vm.sessionEpoch).toBe(0);
    p.advance(3 * S, vm);
    expect(vm.state).toBe('booting');
  });

  it('leaves the VM in the state of the last event due, whatever the steps of the clock', () => {
    const event = fc.record({ at: fc.integer({ min: 0, max: 20 }), name: fc.constantFrom(...SCENARIO_EVENTS) });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 15 }), fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 10 }), (list, steps) => {
        const text = list.map((e) => `- { at: ${e.at}s, do: ${e.name} }`).join('\n');
        const scenario = parseScenario(text, 's.yaml');
        const p = new ScenarioPlayer(scenario);
        const vm = upVm();
        let now = 0;
        for (const step of steps) {
          now += step;
          p.advance(now * S, vm);
        }
        p.advance(now * S, vm);
        const due = scenario.events.filter((e) => e.atNs <= now * S);
        expect(vm.state).toBe(due.length === 0 ? 'up' : due[due.length - 1].state);
        expect(p.nextAt()).toBe(due.length === scenario.events.length ? Infinity : scenario.events[due.length].atNs);
      }),
    );
  });
});
