import type { LockedPlan } from '../../plan';
import { IntegrationConfigError } from './backend-set';

/**
 * The locked plan cut down to the given agents (by project id), in plan order: what runMatrix is handed to start
 * those agents only. An id the plan does not hold is refused by name.
 */
export function agentsPlan(plan: LockedPlan, ids: readonly string[]): LockedPlan {
  const missing = ids.filter((id) => !plan.agents.some((a) => a.id === id));
  if (missing.length > 0)
    throw new IntegrationConfigError(
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not an agent of the locked plan (${plan.agents.map((a) => a.id).join(', ')}); regenerate the ecosystem or fix the target's agents option`,
    );
  const agents = plan.agents.filter((a) => ids.includes(a.id));
  const names = new Set(agents.map((a) => a.name));
  return { ...plan, agents, order: plan.order.filter((name) => names.has(name)) };
}

/**
 * The plan of one pair task: its two agents, so it starts those only and checks both directions between them.
 * A repeated id or other than two are refused, as is an id the plan does not hold (see agentsPlan).
 */
export function pairPlan(plan: LockedPlan, ids: readonly string[]): LockedPlan {
  if (ids.length !== 2 || ids[0] === ids[1])
    throw new IntegrationConfigError(`a pair needs two different agents, got [${ids.join(', ')}]`);
  return agentsPlan(plan, ids);
}
