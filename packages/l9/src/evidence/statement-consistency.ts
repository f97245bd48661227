import { canonicalize } from '@l9/runtime/shared';
import { decideCompletion, decideGates, type ScopedResults } from './decide-gates';
import type { EvidenceStatement } from './evidence-statement';
import { sumTallies } from './gate-tally';

export interface StatementProblem {
  path: PropertyKey[];
  message: string;
}

/**
 * The subjects a statement must have: every file of every agent, generated and user-owned (the domain
 * modules), sorted by path — so a domain module edited after signing is caught as well as a generated file.
 */
export function subjectsOf(agents: EvidenceStatement['predicate']['agents']): EvidenceStatement['subject'] {
  return agents
    .flatMap((a) => a.files.map((f) => ({ name: f.path, digest: { sha256: f.sha256 } })))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** The scopes the final declaration decides over: the ecosystem first, then each agent in plan order. */
export function completionScopes(predicate: EvidenceStatement['predicate']): ScopedResults[] {
  return [
    {
      scope: 'ecosystem',
      outcomes: predicate.gates.ecosystem.outcomes,
      checks: predicate.verdicts.ecosystem,
    },
    ...predicate.agents.map((agent, i) => ({
      scope: agent.id,
      outcomes: predicate.gates.agents[i]?.outcomes ?? [],
      checks: predicate.verdicts.agents[i]?.checks ?? [],
    })),
  ];
}

const same = (a: unknown, b: unknown): boolean => canonicalize(a) === canonicalize(b);

/**
 * Every derived field of a statement re-derived from the fields it comes from: subjects from the files,
 * waves and order from the agents, gate verdicts from counts and thresholds, completion from the verdicts.
 * A statement read back is only trusted as a whole, so a renderer can never show a verdict its counts
 * do not support.
 */
export function statementInconsistencies(statement: EvidenceStatement): StatementProblem[] {
  const { predicate } = statement;
  const problems: StatementProblem[] = [];
  const at = (path: PropertyKey[], message: string) => problems.push({ path, message });
  const ids = predicate.agents.map((a) => a.id);
  const known = new Set(ids);

  if (!same(statement.subject, subjectsOf(predicate.agents)))
    at(['subject'], 'subjects must be exactly the files of every agent, sorted by path');
  if (!same(predicate.order, ids))
    at(['predicate', 'order'], 'order must list the agent ids in the order of the agents');
  const waveOf = new Map(predicate.waves.flatMap((wave, w) => wave.map((id) => [id, w] as const)));
  if (
    predicate.waves.flat().length !== ids.length ||
    predicate.agents.some((a) => waveOf.get(a.id) !== a.wave)
  ) {
    at(['predicate', 'waves'], 'waves must hold every agent once, each in the wave its entry names');
  }
  predicate.edges.forEach((edge, i) => {
    if (!known.has(edge.from) || !known.has(edge.to))
      at(
        ['predicate', 'edges', i],
        `edge ${edge.from} -> ${edge.to} names an agent that is not in the statement`,
      );
  });

  if (
    !same(
      predicate.gates.agents.map((g) => g.agent),
      ids,
    )
  )
    at(['predicate', 'gates', 'agents'], 'gate results must be listed for every agent, in agent order');
  predicate.gates.agents.forEach((g, i) => {
    if (!same(g.outcomes, decideGates(g.counts, predicate.thresholds)))
      at(
        ['predicate', 'gates', 'agents', i, 'outcomes'],
        `gate verdicts of ${g.agent} do not follow from its counts and the thresholds`,
      );
  });
  const { ecosystem } = predicate.gates;
  if (!same(ecosystem.counts, sumTallies(predicate.gates.agents.map((g) => g.counts))))
    at(['predicate', 'gates', 'ecosystem', 'counts'], 'ecosystem counts must be the sum of the agent counts');
  if (!same(ecosystem.outcomes, decideGates(ecosystem.counts, predicate.thresholds)))
    at(
      ['predicate', 'gates', 'ecosystem', 'outcomes'],
      'ecosystem gate verdicts do not follow from its counts and the thresholds',
    );

  if (
    !same(
      predicate.verdicts.agents.map((v) => v.agent),
      ids,
    )
  )
    at(['predicate', 'verdicts', 'agents'], 'verdicts must be listed for every agent, in agent order');
  if (!same(predicate.completion, decideCompletion(completionScopes(predicate))))
    at(['predicate', 'completion'], 'completion does not follow from the gate verdicts and checks');
  return problems;
}
