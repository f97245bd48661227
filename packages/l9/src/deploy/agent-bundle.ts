import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { HOST_BUNDLE } from './agent-entry';
import { agentJob, buildAlone, buildTogether, type BundleFile, type BundleOutcome } from './bundle-build';
import { resolutionGroups } from './bundle-groups';
import { DeployError, PLAN_FILE } from './deployment-plan';

/**
 * Writes each output file whole or not at all: deployments, the integration matrix and tests may build the
 * same agent while another of them starts its bundle, which must never read half a file. The files go in the
 * order given, the record last: a bundle is only ever taken as current once the files it describes are in place.
 */
export function writeBundle(files: readonly BundleFile[]): void {
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

/** The error that stops a command whose bundles did not build: every compile error, one a line. */
export function bundleFailure(errors: readonly string[]): DeployError {
  return new DeployError(
    `cannot build the agents to run:\n${errors.map((error) => `  ${error}`).join('\n')}`,
  );
}

/**
 * Builds every agent's bundle with the record of the sources it was built from, without writing any: one esbuild
 * build for the agents that resolve packages alike (see resolutionGroups), the groups side by side. One outcome
 * per agent given (its projectRoot absolute), in the order given.
 */
export async function agentBundles(projectRoots: readonly string[]): Promise<BundleOutcome[]> {
  // Absolute and normalized: esbuild runs from a project, and its output files are matched to their project.
  const roots = [...new Set(projectRoots.map((projectRoot) => resolve(projectRoot)))];
  const built = await Promise.all(
    resolutionGroups(roots).map((group) =>
      group.length === 1
        ? buildAlone(agentJob(group[0]!)).then((outcome) => [outcome])
        : buildTogether(group),
    ),
  );
  const byProject = new Map(built.flat().map((outcome) => [outcome.projectRoot, outcome]));
  return roots.map((projectRoot) => byProject.get(projectRoot)!);
}

/** Writes every bundle, or, when any has errors, throws them all (bundleFailure) and writes nothing. */
function writeAll(outcomes: readonly BundleOutcome[]): void {
  const errors = outcomes.flatMap((outcome) => ('errors' in outcome ? outcome.errors : []));
  if (errors.length > 0) throw bundleFailure(errors);
  for (const outcome of outcomes) if ('files' in outcome) writeBundle(outcome.files);
}

/**
 * Builds every agent's bundle, all at once, with the record of the sources it was built from; a compile error
 * throws a DeployError naming each file (from the working directory), line and column, and writes nothing.
 */
export async function bundleAgents(projectRoots: readonly string[]): Promise<void> {
  writeAll(await agentBundles(projectRoots));
}

/** A member of the host: its plan id and name, and its project folder (a sibling of the ecosystem project). */
export interface HostMemberSource {
  id: string;
  name: string;
  projectRoot: string;
}

/**
 * The source of the host entry: imports every member's `createAgent` (src/generated/wiring.ts, what its own
 * main.ts runs) in plan order and hands them to the runtime's runAgentHost. Made from the plan alone, so the
 * same plan gives the same bytes.
 */
export function hostEntrySource(ecosystemRoot: string, members: readonly HostMemberSource[]): string {
  const wiring = (member: HostMemberSource) =>
    relative(ecosystemRoot, join(member.projectRoot, 'src', 'generated', 'wiring'))
      .split(sep)
      .join('/');
  return [
    '// The host entry of this ecosystem, made by the l9:bundle target from plan.lock.json: every member agent in one process.',
    "import { runAgentHost } from '@l9/runtime';",
    ...members.map(
      (member, index) => `import { createAgent as member${index} } from ${JSON.stringify(wiring(member))};`,
    ),
    '',
    'runAgentHost([',
    ...members.map(
      (member, index) =>
        `  { id: ${JSON.stringify(member.id)}, name: ${JSON.stringify(member.name)}, create: member${index} },`,
    ),
    ']);',
    '',
  ].join('\n');
}

/** The ecosystem's host bundle (HOST_BUNDLE), recorded with the plan it was made from; errors as bundleAgents'. */
export async function bundleHost(ecosystemRoot: string, members: readonly HostMemberSource[]): Promise<void> {
  writeAll([
    await buildAlone({
      projectRoot: ecosystemRoot,
      entry: { contents: hostEntrySource(ecosystemRoot, members), sourcefile: 'host-entry.ts' },
      outfile: HOST_BUNDLE,
      recordAlso: [PLAN_FILE],
    }),
  ]);
}
