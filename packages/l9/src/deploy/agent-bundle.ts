import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Message } from 'esbuild';
import { AGENT_BUNDLE, HOST_BUNDLE } from './agent-entry';
import { BUNDLE_RECORD, bundleRecord } from './bundle-record';
import { DeployError, PLAN_FILE } from './deployment-plan';
import { installedPackagesExternal } from './installed-packages-external';

/** esbuild's locations are relative to the project it builds; the message names them from where the command runs. */
function describe(message: Message, projectRoot: string): string {
  const at = message.location;
  return `${at ? `${relative(process.cwd(), resolve(projectRoot, at.file))}:${at.line}:${at.column + 1}: ` : ''}${message.text}`;
}

/**
 * Writes each output file whole or not at all: deployments, the integration matrix and tests may build the
 * same agent while another of them starts its bundle, which must never read half a file.
 */
function writeAtomically(files: ReadonlyArray<{ path: string; contents: Uint8Array | string }>): void {
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.${randomUUID()}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

/** One esbuild run: an entry (a file, or source text resolved from the project) into one output file. */
interface BundleJob {
  projectRoot: string;
  entry: { file: string } | { contents: string; sourcefile: string };
  outfile: string;
  /** Files besides the compiled sources that make the bundle, recorded with them (the host's plan). */
  recordAlso?: readonly string[];
}

async function buildBundles(jobs: readonly BundleJob[]): Promise<void> {
  // Loaded here, not at the top: the deploy CLI's --stop and --status never bundle.
  const { build } = await import('esbuild');
  const results = await Promise.allSettled(
    jobs.map((job) =>
      build({
        // The bundle names its sources relative to the project, so it is the same wherever the command runs.
        absWorkingDir: job.projectRoot,
        ...('file' in job.entry
          ? { entryPoints: [job.entry.file] }
          : {
              stdin: {
                contents: job.entry.contents,
                sourcefile: job.entry.sourcefile,
                resolveDir: job.projectRoot,
                loader: 'ts' as const,
              },
            }),
        outfile: join(job.projectRoot, job.outfile),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: true,
        // Stack traces need only the mappings; with the sources' text inside, the map Node parses at start under
        // --enable-source-maps costs the agent some 12 MiB of RSS for nothing (tools/bench/memory.ts).
        sourcesContent: false,
        // V8 keeps the bundle's text for as long as the agent runs (functions compile lazily from it). Without
        // comments and indentation it is a quarter smaller, and with them gone the runtime's output is ASCII,
        // which V8 holds at one byte a character instead of two (agent-bundle.spec.ts): 2.1 -> 0.8 MB for the
        // example's TensorAIOS. Names stay as written, so stack traces, `constructor.name` and the source map
        // read as before.
        minifyWhitespace: true,
        // Which files went in: the record beside the bundle (see bundle-record.ts).
        metafile: true,
        write: false,
        logLevel: 'silent',
        plugins: [installedPackagesExternal(dirname(join(job.projectRoot, AGENT_BUNDLE)))],
      }),
    ),
  );
  const errors = results.flatMap((result, index) => {
    if (result.status === 'fulfilled') return [];
    const messages = (result.reason as { errors?: Message[] }).errors ?? [
      { text: String(result.reason) } as Message,
    ];
    return messages.map((message) => `  ${describe(message, jobs[index]!.projectRoot)}`);
  });
  if (errors.length > 0) throw new DeployError(`cannot build the agents to run:\n${errors.join('\n')}`);
  for (const [index, result] of results.entries()) {
    if (result.status !== 'fulfilled') continue;
    const job = jobs[index]!;
    // The record last: a bundle is only ever taken as current once the files it describes are in place.
    writeAtomically([
      ...result.value.outputFiles,
      {
        path: join(job.projectRoot, BUNDLE_RECORD),
        contents: bundleRecord(result.value.metafile, job.projectRoot, job.recordAlso),
      },
    ]);
  }
}

/**
 * Builds every agent's bundle, all at once, with the record of the sources it was built from; a compile error
 * throws a DeployError naming each file (from the working directory), line and column, and writes nothing.
 */
export async function bundleAgents(projectRoots: readonly string[]): Promise<void> {
  await buildBundles(
    projectRoots.map((projectRoot) => ({
      projectRoot,
      entry: { file: join(projectRoot, 'src', 'main.ts') },
      outfile: AGENT_BUNDLE,
    })),
  );
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
  await buildBundles([
    {
      projectRoot: ecosystemRoot,
      entry: { contents: hostEntrySource(ecosystemRoot, members), sourcefile: 'host-entry.ts' },
      outfile: HOST_BUNDLE,
      recordAlso: [PLAN_FILE],
    },
  ]);
}
