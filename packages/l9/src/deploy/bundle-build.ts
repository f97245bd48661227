import { dirname, join, relative, resolve, sep } from 'node:path';
import type { BuildOptions, Message } from 'esbuild';
import { AGENT_BUNDLE } from './agent-entry';
import { BUNDLE_RECORD, bundleRecord } from './bundle-record';
import { entryMetafile } from './entry-metafile';
import { installedPackagesExternal } from './installed-packages-external';
import { printsNoProjectPath } from './printed-paths';

/** One file of a bundle, to be written where `path` says. */
export interface BundleFile {
  path: string;
  contents: Uint8Array | string;
}

/**
 * What building one project's bundle gave: its files with the record last, or the compile errors that stopped
 * it, each named from the working directory.
 */
export type BundleOutcome =
  { projectRoot: string; files: BundleFile[] } | { projectRoot: string; errors: string[] };

/** One esbuild run: an entry (a file, or source text resolved from the project) into one output file. */
export interface BundleJob {
  projectRoot: string;
  entry: { file: string } | { contents: string; sourcefile: string };
  outfile: string;
  /** Files besides the compiled sources that make the bundle, recorded with them (the host's plan). */
  recordAlso?: readonly string[];
}

/** What every bundle is built with; the entries, the folder it runs from and the outputs are each build's. */
const SETTINGS = {
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
} satisfies BuildOptions;

/** The folder the bundles are written to, from where Node finds the packages they leave external. */
function bundleDir(projectRoot: string): string {
  return dirname(join(projectRoot, AGENT_BUNDLE));
}

/** An agent project's entry: what its own process runs. */
function agentEntry(projectRoot: string): string {
  return join(projectRoot, 'src', 'main.ts');
}

/** The job of an agent project: its entry into its bundle. */
export function agentJob(projectRoot: string): BundleJob {
  return { projectRoot, entry: { file: agentEntry(projectRoot) }, outfile: AGENT_BUNDLE };
}

/** esbuild's locations are relative to the project it builds; the message names them from where the command runs. */
function describe(message: Message, projectRoot: string): string {
  const at = message.location;
  return `${at ? `${relative(process.cwd(), resolve(projectRoot, at.file))}:${at.line}:${at.column + 1}: ` : ''}${message.text}`;
}

/** The build of one job, run from its project, so the bundle names its sources relative to the project wherever the command runs. */
export async function buildAlone(job: BundleJob): Promise<BundleOutcome> {
  // Loaded here, not at the top: the deploy CLI's --stop and --status never bundle.
  const { build } = await import('esbuild');
  try {
    const result = await build({
      ...SETTINGS,
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
      plugins: [installedPackagesExternal(bundleDir(job.projectRoot))],
    });
    const record = bundleRecord(result.metafile, job.projectRoot, job.recordAlso);
    return {
      projectRoot: job.projectRoot,
      files: [...result.outputFiles, { path: join(job.projectRoot, BUNDLE_RECORD), contents: record }],
    };
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors ?? [{ text: String(error) } as Message];
    return {
      projectRoot: job.projectRoot,
      errors: messages.map((message) => describe(message, job.projectRoot)),
    };
  }
}

/**
 * The bundles of agents side by side (see resolutionGroups) as the entries of one esbuild build: the runtime and
 * the packages they share are read, parsed and resolved once for all instead of once per agent. Each agent gets
 * the files its own build would write, byte for byte. The build runs from the first agent's project, so every
 * path esbuild prints from there to a file outside the agents (the runtime, node_modules) is the one each
 * agent's own build prints; an agent whose bundle would print a path into the projects is built again alone
 * (printed-paths.ts). A source map names its sources from the map itself, and the record is made from the
 * metafile as the agent's own build would give it (entry-metafile.ts). When the build fails, each agent is built
 * again alone, so each error names its own agent's file from where the command runs and the agents without
 * errors still get their bundles.
 */
export async function buildTogether(projectRoots: readonly string[]): Promise<BundleOutcome[]> {
  const { build } = await import('esbuild');
  const workingDir = projectRoots[0]!;
  const parent = dirname(workingDir);
  let result;
  try {
    result = await build({
      ...SETTINGS,
      absWorkingDir: workingDir,
      entryPoints: projectRoots.map((projectRoot) => ({
        in: agentEntry(projectRoot),
        out: relative(parent, join(projectRoot, AGENT_BUNDLE)).replace(/\.js$/, '').split(sep).join('/'),
      })),
      outdir: parent,
      plugins: [installedPackagesExternal(bundleDir(workingDir))],
    });
  } catch {
    return Promise.all(projectRoots.map((projectRoot) => buildAlone(agentJob(projectRoot))));
  }
  const { outputFiles, metafile } = result;
  // The agents share most of their inputs (the runtime): each file is read and hashed once for all their records.
  const digests = new Map<string, string>();
  return Promise.all(
    projectRoots.map((projectRoot) => {
      const bundle = join(projectRoot, AGENT_BUNDLE);
      const text = outputFiles.find((file) => file.path === bundle)!.text;
      const inputs = Object.keys(metafile.outputs[relative(workingDir, bundle).split(sep).join('/')]!.inputs);
      if (!printsNoProjectPath(text, inputs, workingDir, projectRoot))
        return buildAlone(agentJob(projectRoot));
      const record = bundleRecord(entryMetafile(metafile, workingDir, projectRoot), projectRoot, [], digests);
      return {
        projectRoot,
        files: [
          ...outputFiles.filter((file) => file.path.startsWith(projectRoot + sep)),
          { path: join(projectRoot, BUNDLE_RECORD), contents: record },
        ],
      };
    }),
  );
}
