import { GovernanceError } from './governance-error';
import { decisionSchema, type DecisionInput } from './policy';
import { readDecision } from './read-decision';

describe('readDecision', () => {
  const cases: Record<string, DecisionInput> = {
    'every field': {
      id: 'p-1',
      agent: 'scale',
      action: 'weigh',
      signals: { risk: 0.4, note: 'heavy', nested: { a: 1 } },
      governance_flags: ['pii'],
      packet_id: 'p-1',
      trace_id: 'ab',
    },
    'the required fields only': { id: 'p-2', agent: 'scale', action: 'weigh' },
    'an unknown key': { id: 'p-3', agent: 'scale', action: 'weigh', extra: true } as DecisionInput,
  };

  it.each(Object.entries(cases))('reads a decision with %s as the schema does', (_name, input) => {
    expect(readDecision(input)).toEqual(decisionSchema.parse(input));
  });

  it('copies the signals and flags, so later changes to the input leave the decision as it was', () => {
    const input = { id: 'p', agent: 'a', action: 'x', signals: { risk: 1 }, governance_flags: ['f'] };
    const decision = readDecision(input);
    input.signals.risk = 2;
    input.governance_flags.push('g');
    expect(decision).toMatchObject({ signals: { risk: 1 }, governance_flags: ['f'] });
  });

  it.each([
    [{ id: '', agent: 'a', action: 'x' }, 'id'],
    [{ id: 'p', agent: 'a', action: 'x', signals: [1] }, 'signals'],
    [{ id: 'p', agent: 'a', action: 'x', governance_flags: [1] }, 'governance_flags'],
    [{ id: 'p', agent: 'a', action: 'x', packet_id: 7 }, 'packet_id'],
  ])('refuses %j naming %s, as the schema does', (input, field) => {
    expect(() => readDecision(input as DecisionInput)).toThrow(GovernanceError);
    expect(() => readDecision(input as DecisionInput)).toThrow(field);
  });
});
