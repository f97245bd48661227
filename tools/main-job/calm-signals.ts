import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compliantSignals, policyFromSchema } from '@l9/runtime';
import { parse } from 'yaml';

/**
 * Signals that meet no escalation rule of any agent on a route: governance fails closed (a signal its rules
 * compare that is missing escalates), so the main job's envelope carries calm values for every rule on its way,
 * read from each agent's `agent.yaml` as the agent itself reads its policy.
 */
export function calmSignals(agentsDir: string, route: readonly string[]): Record<string, number | boolean> {
  const signals: Record<string, number | boolean> = {};
  for (const id of route) {
    const spec = parse(readFileSync(join(agentsDir, id, 'agent.yaml'), 'utf8')) as { governance: unknown };
    Object.assign(signals, compliantSignals(policyFromSchema(spec.governance).policy.rules));
  }
  return signals;
}
