import { gatePasses } from '../meta/quality-gate';
import type { QualityGate } from '../meta/validation-checklist-meta';
import type { Verdict } from './evidence-fields';
import { gateCounts, type GateOutcome, type GateTally } from './gate-tally';

/** Every threshold of the checklist decided over one tally, in the order the thresholds are listed. */
export function decideGates(tally: GateTally, thresholds: readonly QualityGate[]): GateOutcome[] {
  return thresholds.map((gate) => {
    const { passed, total } = gateCounts(tally, gate.id);
    return { gate: gate.id, passed, total, ok: gatePasses(gate, passed, total) };
  });
}

export interface FailedGate {
  /** `ecosystem` for the summed counts, else the agent id. */
  scope: string;
  gate: GateOutcome['gate'];
  passed: number;
  total: number;
}

export interface FailedCheck {
  scope: string;
  check: string;
  phase: number;
  title: string;
}

export interface Completion {
  complete: boolean;
  failed_gates: FailedGate[];
  failed_checks: FailedCheck[];
}

export interface ScopedResults {
  scope: string;
  outcomes: readonly GateOutcome[];
  checks: readonly Verdict[];
}

/**
 * The final declaration's verdict: complete only when every gate of every scope passed and every check
 * passed. What failed is listed with its counts, scopes in the order given.
 */
export function decideCompletion(scopes: readonly ScopedResults[]): Completion {
  const failed_gates = scopes.flatMap((s) =>
    s.outcomes
      .filter((o) => !o.ok)
      .map((o) => ({ scope: s.scope, gate: o.gate, passed: o.passed, total: o.total })),
  );
  const failed_checks = scopes.flatMap((s) =>
    s.checks
      .filter((c) => !c.passed)
      .map((c) => ({ scope: s.scope, check: c.id, phase: c.phase, title: c.title })),
  );
  return { complete: failed_gates.length === 0 && failed_checks.length === 0, failed_gates, failed_checks };
}
