import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { AGENT_BUNDLE, BUNDLE_RECORD, HOST_BUNDLE } from './agent-entry';
import { sha256Hex } from '@l9/runtime/shared';
import { DeployError } from './deployment-plan';

/**
 * Beside the bundle: every file esbuild compiled into it, with its SHA-256, paths relative to the agent project.
 * What starts a bundle built elsewhere (the Nx bundle target, the image's build stage) checks it against the
 * disk, so a bundle older than its sources is refused instead of run. Same sources, same bytes: Nx caches it
 * with the bundle.
 */
export { BUNDLE_RECORD };

const FORMAT = 'l9/bundle-sources@1';

interface BundleRecord {
  format: typeof FORMAT;
  sources: Record<string, string>;
  /** The packages the bundle leaves to node_modules (what an image's runtime stage must install). */
  external: string[];
}

function digestOf(file: string): string {
  return sha256Hex(readFileSync(file));
}

/** What a bundle leaves to node_modules, as its record lists it; empty when there is no readable record. */
export function bundleExternals(projectRoot: string): string[] {
  try {
    return (
      (JSON.parse(readFileSync(join(projectRoot, BUNDLE_RECORD), 'utf8')) as BundleRecord).external ?? []
    );
  } catch {
    return [];
  }
}

/**
 * The record of one build, from esbuild's metafile (whose input paths are relative to the project it built), and
 * `also`, files that made the bundle without being compiled into it (the plan a host entry was made from).
 * `digests` carries the digests already taken, by absolute path, as for bundleProblem: agents built together share
 * the runtime's files.
 */
export function bundleRecord(
  metafile: Metafile,
  projectRoot: string,
  also: readonly string[] = [],
  digests = new Map<string, string>(),
): string {
  const sources: Record<string, string> = {};
  for (const input of [...Object.keys(metafile.inputs), ...also].sort()) {
    const file = resolve(projectRoot, input);
    // Inputs of a plugin's own namespace name no file on disk.
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    let digest = digests.get(file);
    if (digest === undefined) digests.set(file, (digest = digestOf(file)));
    sources[relative(projectRoot, file).split('\\').join('/')] = digest;
  }
  const external = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const imported of output.imports)
      if (imported.external && !isBuiltin(imported.path)) external.add(imported.path);
  const record: BundleRecord = { format: FORMAT, sources, external: [...external].sort() };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/**
 * Why the agent's bundle cannot be started as it is, or undefined when it was built from the sources on disk.
 * `digests` carries the digests already taken, by absolute path: agents of one ecosystem share the runtime's files.
 */
export function bundleProblem(
  projectRoot: string,
  digests = new Map<string, string>(),
  bundleFile = AGENT_BUNDLE,
): string | undefined {
  const bundle = join(projectRoot, bundleFile);
  const where = relative(process.cwd(), bundle) || bundle;
  if (!existsSync(bundle)) return `no bundle at ${where}`;
  let record: BundleRecord;
  try {
    record = JSON.parse(readFileSync(join(projectRoot, BUNDLE_RECORD), 'utf8')) as BundleRecord;
  } catch {
    return `${where} has no readable record of its sources (${BUNDLE_RECORD}): it was not built by the bundle target`;
  }
  if (record.format !== FORMAT || typeof record.sources !== 'object' || record.sources === null)
    return `${where} was built by another l9 (record format ${String(record.format)})`;
  for (const [source, digest] of Object.entries(record.sources)) {
    const file = join(projectRoot, source);
    if (!existsSync(file)) return `${where} is out of date: ${source} is gone since it was built`;
    let current = digests.get(file);
    if (current === undefined) digests.set(file, (current = digestOf(file)));
    if (current !== digest) return `${where} is out of date: ${source} changed since it was built`;
  }
  return undefined;
}

/** The command that builds the bundles of these agent projects with the Nx target (cached: only what changed is rebuilt). */
export function bundleCommand(projects: readonly string[], target = 'bundle'): string {
  return `npx nx run-many -t ${target} -p ${projects.join(',')}`;
}

/**
 * Refuses to go on unless every agent's bundle was built from the sources on disk: a DeployError names each
 * agent whose bundle is missing or out of date, why, and the command that builds them.
 */
export function requireBuiltBundles(
  agents: ReadonlyArray<{ id: string; name: string; projectRoot: string }>,
  target = 'bundle',
): void {
  const digests = new Map<string, string>();
  const problems = agents.flatMap((agent) => {
    const problem = bundleProblem(agent.projectRoot, digests);
    return problem ? [{ agent, problem }] : [];
  });
  if (problems.length === 0) return;
  throw new DeployError(
    [
      problems.length === 1
        ? 'one agent has no bundle built from its current sources:'
        : `${problems.length} agents have no bundle built from their current sources:`,
      ...problems.map(({ agent, problem }) => `  ${agent.name} (${agent.id}): ${problem}`),
      `build ${problems.length === 1 ? 'it' : 'them'} with: ${bundleCommand(
        problems.map((p) => p.agent.id),
        target,
      )}`,
    ].join('\n'),
  );
}

/**
 * Refuses to go on unless the ecosystem's host bundle (HOST_BUNDLE) was built from the plan and the member
 * sources on disk: a DeployError says why and names the command that builds it.
 */
export function requireBuiltHost(
  ecosystem: { ecosystem: string; ecosystemRoot: string },
  target = 'bundle',
): void {
  const problem = bundleProblem(ecosystem.ecosystemRoot, new Map(), HOST_BUNDLE);
  if (problem === undefined) return;
  throw new DeployError(
    `the agents of ${ecosystem.ecosystem} cannot run in one process: ${problem}\nbuild it with: ${bundleCommand([ecosystem.ecosystem], target)}`,
  );
}
