import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Metafile } from 'esbuild';

/**
 * The metafile one build of a project's entry alone would give, taken from one build of several projects' entries
 * run from `workingDir`: the outputs written under the project, the inputs its entry reaches through the imports
 * compiled in (not those only other entries reach), and every path relative to the project, as esbuild writes them
 * for a build run from there. The record made from it (bundle-record.ts) is then the same, byte for byte.
 */
export function entryMetafile(metafile: Metafile, workingDir: string, projectRoot: string): Metafile {
  const rebase = (path: string) => relative(projectRoot, resolve(workingDir, path)).split(sep).join('/');
  const rebaseImports = <T extends { path: string; external?: boolean }>(imports: readonly T[]): T[] =>
    imports.map((imported) => (imported.external ? imported : { ...imported, path: rebase(imported.path) }));

  const outputs: Metafile['outputs'] = {};
  const entries: string[] = [];
  for (const [path, output] of Object.entries(metafile.outputs)) {
    const own = rebase(path);
    if (own.startsWith('../') || isAbsolute(own)) continue;
    if (output.entryPoint !== undefined) entries.push(output.entryPoint);
    outputs[own] = {
      ...output,
      imports: rebaseImports(output.imports),
      inputs: Object.fromEntries(
        Object.entries(output.inputs).map(([input, bytes]) => [rebase(input), bytes]),
      ),
      ...(output.entryPoint !== undefined ? { entryPoint: rebase(output.entryPoint) } : {}),
    };
  }

  const reached = new Set<string>();
  const pending = [...entries];
  for (let input = pending.pop(); input !== undefined; input = pending.pop()) {
    if (reached.has(input) || !(input in metafile.inputs)) continue;
    reached.add(input);
    for (const imported of metafile.inputs[input]!.imports)
      if (!imported.external) pending.push(imported.path);
  }
  const inputs: Metafile['inputs'] = {};
  for (const [path, input] of Object.entries(metafile.inputs))
    if (reached.has(path)) inputs[rebase(path)] = { ...input, imports: rebaseImports(input.imports) };
  return { inputs, outputs };
}
