export type PackageName = 'l9' | 'runtime';

/** Entry points beyond the main one: the light plugin entry Nx loads from nx.json and the files Nx reads by path. */
const EXTRA_EXPORTS: Record<PackageName, Record<string, unknown>> = {
  l9: {
    './plugin': { types: './plugin.d.ts', default: './plugin.js' },
    './generators.json': './generators.json',
    './executors.json': './executors.json',
    './migrations.json': './migrations.json',
    './schemas/*': './schemas/*',
    // The Jest reporter generated agents' jest.config.cjs names (it records the counts verify reads).
    './jest-results.cjs': './jest-results.cjs',
    // The Jest settings generated agents' jest.config.cjs spread over the workspace's preset.
    './jest-agent.cjs': './jest-agent.cjs',
  },
  runtime: {
    // The small pure modules l9 shares with the agents (canonical JSON, SHA-256, the policy grammar).
    './shared': { types: './src/shared/index.d.ts', default: './src/shared/index.js' },
  },
};
/** Files outside src/ the build writes: the light plugin entry and l9's bin launcher (see l9-bin.ts). */
const EXTRA_FILES: Record<PackageName, string[]> = { l9: ['plugin.js', 'plugin.d.ts', 'bin'], runtime: [] };

/** Command entry points run from TypeScript in the workspace and from the compiled JavaScript once published. */
function compiledBin(bin: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(bin).map(([command, path]) => [command, path.replace(/\.ts$/, '.js')]),
  );
}

/**
 * The package.json that goes into the tarball: the workspace manifest (name, version, dependencies,
 * peerDependencies, the `generators`/`executors` fields) with entry points moved from the TypeScript
 * sources to the compiled JavaScript, an exports map, and `files` naming exactly what ships.
 * `extras` are the non-code files the build copied next to `src` (schemas, meta templates, README).
 */
export function publishedManifest(
  name: PackageName,
  workspaceManifest: Record<string, unknown>,
  extras: string[],
): Record<string, unknown> {
  const { scripts: _scripts, devDependencies: _devDependencies, ...published } = workspaceManifest;
  return {
    ...published,
    main: './src/index.js',
    types: './src/index.d.ts',
    ...(published['bin'] ? { bin: compiledBin(published['bin'] as Record<string, string>) } : {}),
    exports: {
      '.': { types: './src/index.d.ts', default: './src/index.js' },
      './package.json': './package.json',
      ...EXTRA_EXPORTS[name],
    },
    files: ['src', ...EXTRA_FILES[name], ...extras],
  };
}
