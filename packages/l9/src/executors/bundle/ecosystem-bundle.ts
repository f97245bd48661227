import { bundleHost } from '../../deploy/agent-bundle';
import { deploymentPlan, readLockedPlan } from '../../deploy/deployment-plan';

/** An ecosystem project's host bundle: every agent of its plan, in plan order. */
export async function bundleEcosystem(ecosystemRoot: string): Promise<void> {
  const locked = readLockedPlan(ecosystemRoot);
  // Ports play no part in the host entry: each agent's comes from the environment it is run with.
  const plan = deploymentPlan(locked, ecosystemRoot, 1);
  await bundleHost(ecosystemRoot, plan.agents);
}
