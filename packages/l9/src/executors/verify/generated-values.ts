import { posix } from 'node:path';
import { runInNewContext } from 'node:vm';
import * as ts from 'typescript';
import { readText } from '../shared/project-files';

export type ModuleExports = Record<string, unknown>;

/** Why a generated module could not be evaluated, naming the file. */
export class GeneratedValuesError extends Error {}

/**
 * The values a generated data module exports (the endpoint table of `contract.ts`, the blueprint of
 * `config.ts`), evaluated from its compiled JavaScript, so that verify checks what the agent runs with
 * however the file is formatted. Only relative imports are followed (type-only imports are erased by the
 * compile); a module that imports a package at run time is not a data module and is refused. The code runs
 * in a fresh context without `process` or `require`: these files are generated data, not programs.
 */
export function generatedExports(
  workspaceRoot: string,
  file: string,
  loading: Map<string, ModuleExports> = new Map(),
): ModuleExports {
  const cached = loading.get(file);
  if (cached) return cached;
  const text = readText(workspaceRoot, file);
  if (text === null) throw new GeneratedValuesError(`${file} is missing`);
  const { outputText } = ts.transpileModule(text, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} as ModuleExports };
  loading.set(file, module.exports);
  const load = (specifier: string): ModuleExports => {
    if (!specifier.startsWith('.'))
      throw new GeneratedValuesError(
        `${file} imports ${specifier} at run time; a generated data module imports only types from packages`,
      );
    const target = posix.normalize(posix.join(posix.dirname(file), specifier));
    return generatedExports(workspaceRoot, target.endsWith('.ts') ? target : `${target}.ts`, loading);
  };
  try {
    runInNewContext(
      outputText,
      { module, exports: module.exports, require: load },
      { filename: file, timeout: 1000 },
    );
  } catch (error) {
    if (error instanceof GeneratedValuesError) throw error;
    throw new GeneratedValuesError(`${file} could not be evaluated: ${(error as Error).message}`);
  }
  return module.exports;
}
