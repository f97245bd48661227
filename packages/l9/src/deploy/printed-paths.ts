import { relative, resolve, sep } from 'node:path';

/** A path esbuild prints between double quotes as it is: printable ASCII without quotes or backslashes. */
const PLAIN = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * Whether a bundle built from `workingDir` (another agent's project, beside this one) holds the same bytes as one
 * built from its own project. esbuild names a module it wraps (`__commonJS({"path"(exports, module) {...}})`, a
 * CommonJS file or one that is required) by its path from the folder the build runs from; from a sibling folder
 * that path is the same for every file outside the two projects, and differs for those inside them. So the bytes
 * are the same unless the bundle prints such a path; `inputs` are the files in the bundle, as esbuild's metafile
 * names them from `workingDir`. A path that is not plain ASCII counts as printed: esbuild would escape it.
 */
export function printsNoProjectPath(
  bundle: string,
  inputs: readonly string[],
  workingDir: string,
  projectRoot: string,
): boolean {
  return inputs.every((input) => {
    const own = relative(projectRoot, resolve(workingDir, input)).split(sep).join('/');
    if (own === input) return true;
    return PLAIN.test(input) && !bundle.includes(`"${input}"`);
  });
}
