import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isChainsimError, type ChainsimError } from '../../../policy/index.js';
import { parseScenario, SCENARIO_EVENTS, type ScenarioEventName } from '../../../vwire/scenario/index.js';

const S = 1e9;

/** The CHAINSIM_SCENARIO error that parsing `text` throws. */
function failure(text: string, file = 'scenario.yaml'): ChainsimError {
  try {
    parseScenario(text, file);
  } catch (err) {
    if (isChainsimError(err) && err.code === 'CHAINSIM_SCENARIO') return err;
    throw err;
  }
  throw new Error('expected the scenario to be refused');
}

describe('parseScenario: valid files', () => {
  it('reads the SPEC example', () => {
    const text = [
      '- { at: 0s,  do: provision }   # → booting',
      '- { at: 30s, do: up }          # boot finished',
      '- { at: 90s, do: shutdown }',
      '- { at: 95s, do: start }',
      '',
    ].join('\n');
    expect(parseScenario(text, 'scenario.yaml')).toEqual({
      file: 'scenario.yaml',
      events: [
        { atNs: 0, event: 'provision', state: 'booting', index: 0, line: 1 },
        { atNs: 30 * S, event: 'up', state: 'up', index: 1, line: 2 },
        { atNs: 90 * S, event: 'shutdown', state: 'down', index: 2, line: 3 },
        { atNs: 95 * S, event: 'start', state: 'booting', index: 3, line: 4 },
      ],
    });
  });

  it('maps every event to the state SPEC gives it', () => {
    const text = SCENARIO_EVENTS.map((e, i) => `- { at: ${i}s, do: ${e} }`).join('\n');
    const states = parseScenario(text, 's.yaml').events.map((e) => [e.event, e.state]);
    expect(states).toEqual([
      ['provision', 'booting'],
      ['start', 'booting'],
      ['enable', 'booting'],
      ['up', 'up'],
      ['shutdown', 'down'],
      ['down', 'down'],
      ['disable', 'disabled'],
    ]);
  });

  it('reads block style, sorts by time and keeps file order on ties', () => {
    const text = ['- at: 2m', '  do: up', '- at: 120s', '  do: down', '- at: 1500ms', '  do: disable', ''].join('\n');
    const events = parseScenario(text, 's.yaml').events;
    expect(events.map((e) => [e.atNs, e.event, e.line])).toEqual([
      [1.5 * S, 'disable', 5],
      [120 * S, 'up', 1],
      [120 * S, 'down', 3],
    ]);
  });

  it('takes an empty file and an empty list as no events', () => {
    expect(parseScenario('', 's.yaml').events).toEqual([]);
    expect(parseScenario('# nothing yet\n', 's.yaml').events).toEqual([]);
    expect(parseScenario('[]', 's.yaml').events).toEqual([]);
  });

  it('follows aliases', () => {
    const events = parseScenario('- &down { at: 5s, do: down }\n- *down\n', 's.yaml').events;
    expect(events.map((e) => [e.atNs, e.event, e.index])).toEqual([
      [5 * S, 'down', 0],
      [5 * S, 'down', 1],
    ]);
  });
});

describe('parseScenario: errors', () => {
  it('names file, line, column and path of an unknown event', () => {
    const err = failure('- { at: 0s, do: provision }\n- { at: 30s, do: up }\n- { at: 95s, do: reboot }\n');
    expect(err.message).toBe('scenario.yaml: 1 error');
    expect(err.details).toEqual([
      'scenario.yaml:3:18: [2].do: "reboot" is not an event (one of provision, start, enable, up, shutdown, down, disable)',
    ]);
  });

  it('reports every problem of the file at once, in file order', () => {
    const text = [
      '- { at: 0s, do: provision }', // 1: fine
      '- { at: 90s, dp: shutdown }', // 2: unknown key close to `do`
      '- { at: 90, do: strat }', // 3: bare number, misspelt event
      '- shutdown', // 4: not a map
      '-', // 5: empty
      '- { at: 5S, do: 5, when: now }', // 6: unit case, number, unknown key
      '- { do: up }', // 7: at missing
      '- { at: 1s, do: }', // 8: do empty
      '- *nowhere', // 9: alias to no anchor
      '',
    ].join('\n');
    const err = failure(text, 'cases/x/scenario.yaml');
    const events = 'one of provision, start, enable, up, shutdown, down, disable';
    expect(err.message).toBe('cases/x/scenario.yaml: 11 errors');
    expect(err.details).toEqual([
      'cases/x/scenario.yaml:2:14: [1].dp: unknown key (did you mean do?)',
      'cases/x/scenario.yaml:3:9: [2].at: 90 is not a duration: a unit is required (us, ms, s, m or h, like 90s)',
      `cases/x/scenario.yaml:3:17: [2].do: "strat" is not an event (${events}) (did you mean start?)`,
      'cases/x/scenario.yaml:4:3: [3]: "shutdown" is not an event (expected a map like { at: 0s, do: provision })',
      'cases/x/scenario.yaml:5:2: [4]: empty (expected an event like { at: 0s, do: provision })',
      'cases/x/scenario.yaml:6:9: [5].at: "5S" is not a duration (units: us, ms, s, m or h; did you mean 5s?)',
      `cases/x/scenario.yaml:6:17: [5].do: 5 is not an event (${events})`,
      'cases/x/scenario.yaml:6:20: [5].when: unknown key (known keys: at, do)',
      'cases/x/scenario.yaml:7:3: [6].at: missing (expected a duration like 90s)',
      `cases/x/scenario.yaml:8:13: [7].do: empty (expected an event: ${events})`,
      'cases/x/scenario.yaml:9:3: [8]: alias *nowhere names no anchor',
      // Row 2's `do` is not also reported missing: the unknown `dp` was taken for it.
    ]);
  });

  it('refuses a document that is not a list', () => {
    const err = failure('at: 0s\ndo: up\n');
    expect(err.details).toEqual([
      'scenario.yaml:1:1: a map is not a scenario (expected a list of events like - { at: 0s, do: provision })',
    ]);
    expect(failure('provision').details).toEqual([
      'scenario.yaml:1:1: "provision" is not a scenario (expected a list of events like - { at: 0s, do: provision })',
    ]);
  });

  it('reports broken YAML with its position and checks nothing further', () => {
    const err = failure('- { at: 0s, do: up }\n- { at: 1s, do: down\n');
    expect(err.details).toEqual([
      'scenario.yaml:3:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
    expect(failure('- { at: 1s, at: 2s, do: up }\n').details).toEqual([
      'scenario.yaml:1:13: invalid YAML: Map keys must be unique',
    ]);
  });
});

describe('parseScenario: any input', () => {
  const yamlish = fc
    .array(fc.constantFrom('- ', '{', '}', '[', ']', ':', ',', ' ', '\n', '  ', 'at', 'do', '0s', '90s', 'up', 'down', '&a', '*a', '"', "'", '#', '!!binary', '---', '? ', '|', '>', '\t', '1e400', 'null'), {
      maxLength: 40,
    })
    .map((parts) => parts.join(''));

  it('never throws anything but CHAINSIM_SCENARIO', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), yamlish), (text) => {
        try {
          const { events } = parseScenario(text, 's.yaml');
          for (let i = 1; i < events.length; i++) expect(events[i - 1].atNs <= events[i].atNs).toBe(true);
        } catch (err) {
          expect(isChainsimError(err) && err.code).toBe('CHAINSIM_SCENARIO');
          const e = err as ChainsimError;
          expect(e.details.length).toBeGreaterThan(0);
          for (const line of e.details) expect(line).toMatch(/^s\.yaml:\d+:\d+: /);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any list of events written as YAML, stably sorted by time', () => {
    const event = fc.record({ seconds: fc.integer({ min: 0, max: 50 }), name: fc.constantFrom(...SCENARIO_EVENTS) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), fc.boolean(), (list, flow) => {
        const text = stringify(
          list.map((e) => ({ at: `${e.seconds}s`, do: e.name })),
          flow ? { collectionStyle: 'flow' } : {},
        );
        const expected = list
          .map((e, index) => ({ atNs: e.seconds * S, event: e.name as ScenarioEventName, index }))
          .sort((a, b) => a.atNs - b.atNs || a.index - b.index);
        const events = parseScenario(text, 's.yaml').events.map(({ atNs, event, index }) => ({ atNs, event, index }));
        expect(events).toEqual(expected);
      }),
    );
  });
});
