import { resolve } from 'node:path';
import { bundleAgents } from './agent-bundle';
import { DeployError, deploymentPlan, readLockedPlan, resolvePortBase } from './deployment-plan';

/** Builds the bundle of every agent in the locked plan of an ecosystem project; returns their names in plan order. */
export async function bundleEcosystem(ecosystemRoot: string): Promise<string[]> {
  const locked = readLockedPlan(ecosystemRoot);
  const plan = deploymentPlan(locked, ecosystemRoot, resolvePortBase(locked, undefined, {}));
  await bundleAgents(plan.agents.map((a) => a.projectRoot));
  return plan.agents.map((a) => a.name);
}

/**
 * Entry point of the image build (the generated Dockerfile runs
 * `node -r @swc-node/register -e "require('l9/src/deploy/bundle-main').main()" -- <ecosystem>`), so the
 * containers start the same bundles as `deploy` does.
 */
export function main(argv: readonly string[] = process.argv.slice(1)): void {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    process.stderr.write('usage: bundle-main <ecosystem project>\n');
    process.exitCode = 2;
    return;
  }
  bundleEcosystem(resolve(argv[0]!)).then(
    (names) => process.stdout.write(`built the bundles of ${names.join(', ')}\n`),
    (error: Error) => {
      process.stderr.write(error instanceof DeployError ? `${error.message}\n` : `bundling failed: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
