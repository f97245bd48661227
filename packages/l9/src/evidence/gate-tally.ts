import * as z from 'zod';
import { GATE_IDS, type GateId } from '../meta/validation-checklist-meta';
import { count, coveredOfTotal, markerScan, passedOfTotal } from './evidence-fields';

/** The integer counts behind the four quality gates, for one agent or summed over the ecosystem. */
export const gateTallySchema = z.strictObject({
  tests: passedOfTotal,
  integration: passedOfTotal,
  coverage_lines: coveredOfTotal,
  forbidden_markers: markerScan,
});

/** One gate decided: the counts it compared and its verdict. */
export const gateOutcomeSchema = z.strictObject({
  gate: z.enum(GATE_IDS),
  passed: count,
  total: count,
  ok: z.boolean(),
});

export type GateTally = z.infer<typeof gateTallySchema>;
export type GateOutcome = z.infer<typeof gateOutcomeSchema>;

export const EMPTY_TALLY: GateTally = {
  tests: { passed: 0, total: 0 },
  integration: { passed: 0, total: 0 },
  coverage_lines: { covered: 0, total: 0 },
  forbidden_markers: { found: 0, files_scanned: 0, files_with_markers: 0 },
};

/**
 * The passed/total pair a gate compares. The marker gate counts scanned files, a file passing when it
 * holds no marker, so `max_failed: 0` means no file may hold one.
 */
export function gateCounts(tally: GateTally, gate: GateId): { passed: number; total: number } {
  switch (gate) {
    case 'tests':
      return tally.tests;
    case 'integration':
      return tally.integration;
    case 'coverage':
      return { passed: tally.coverage_lines.covered, total: tally.coverage_lines.total };
    case 'forbidden-markers':
      return {
        passed: tally.forbidden_markers.files_scanned - tally.forbidden_markers.files_with_markers,
        total: tally.forbidden_markers.files_scanned,
      };
  }
}

/** Field-by-field sum of tallies. */
export function sumTallies(tallies: readonly GateTally[]): GateTally {
  return tallies.reduce<GateTally>(
    (sum, t) => ({
      tests: { passed: sum.tests.passed + t.tests.passed, total: sum.tests.total + t.tests.total },
      integration: {
        passed: sum.integration.passed + t.integration.passed,
        total: sum.integration.total + t.integration.total,
      },
      coverage_lines: {
        covered: sum.coverage_lines.covered + t.coverage_lines.covered,
        total: sum.coverage_lines.total + t.coverage_lines.total,
      },
      forbidden_markers: {
        found: sum.forbidden_markers.found + t.forbidden_markers.found,
        files_scanned: sum.forbidden_markers.files_scanned + t.forbidden_markers.files_scanned,
        files_with_markers: sum.forbidden_markers.files_with_markers + t.forbidden_markers.files_with_markers,
      },
    }),
    EMPTY_TALLY,
  );
}
