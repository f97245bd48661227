import { displayCounts, displayPercent, displayRequirement } from './display-counts';
import type { EvidencePredicate } from './evidence-statement';
import type { GateOutcome } from './gate-tally';

export interface AgentReadiness {
  id: string;
  name: string;
  ready: boolean;
  /** Why it is not ready; empty when it is. */
  reasons: string[];
  /** What does not block deployment but should be known (domain modules still on the default). */
  notes: string[];
}

function gateReason(p: EvidencePredicate, o: GateOutcome): string {
  const gate = p.thresholds.find((t) => t.id === o.gate)!;
  return `gate ${gate.title}: ${displayCounts(o.passed, o.total)} (${displayPercent(o.passed, o.total)}), required ${displayRequirement(gate)}`;
}

/**
 * Whether each agent can be deployed: its gates and checks passed and every agent it hard-depends on is
 * ready. Agents are decided in plan order, so a dependency is always decided before its dependants.
 */
export function deploymentReadiness(p: EvidencePredicate): {
  ecosystem: AgentReadiness;
  agents: AgentReadiness[];
} {
  const ready = new Map<string, boolean>();
  const nameOf = new Map(p.agents.map((a) => [a.id, a.name]));
  const agents = p.agents.map((agent, i) => {
    const reasons = [
      ...p.gates.agents[i]!.outcomes.filter((o) => !o.ok).map((o) => gateReason(p, o)),
      ...p.verdicts.agents[i]!.checks.filter((c) => !c.passed).map(
        (c) => `phase ${c.phase} check ${c.id} failed: ${c.title}`,
      ),
      ...p.edges
        .filter((e) => e.to === agent.id && e.kind === 'hard' && ready.get(e.from) === false)
        .map((e) => `hard dependency ${nameOf.get(e.from) ?? e.from} is not ready`),
    ];
    ready.set(agent.id, reasons.length === 0);
    const notes =
      agent.domain_modules_with_default.length > 0
        ? [`domain modules still on the default behaviour: ${agent.domain_modules_with_default.join(', ')}`]
        : [];
    return { id: agent.id, name: agent.name, ready: reasons.length === 0, reasons, notes };
  });
  const ecosystemReasons = [
    ...p.gates.ecosystem.outcomes.filter((o) => !o.ok).map((o) => gateReason(p, o)),
    ...p.verdicts.ecosystem
      .filter((c) => !c.passed)
      .map((c) => `phase ${c.phase} check ${c.id} failed: ${c.title}`),
    ...agents.filter((a) => !a.ready).map((a) => `agent ${a.name} is not ready`),
  ];
  return {
    ecosystem: {
      id: p.ecosystem.id,
      name: p.ecosystem.title,
      ready: ecosystemReasons.length === 0,
      reasons: ecosystemReasons,
      notes: [],
    },
    agents,
  };
}
