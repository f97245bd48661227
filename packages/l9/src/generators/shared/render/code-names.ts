import { posix } from 'node:path';
import { toCamelCase, toPascalCase } from '../../../schema/normalize/naming';

/** `tensor-scorer` → `createTensorScorer`: the factory every module file exports. */
export function moduleFactoryName(moduleName: string): string {
  return `create${toPascalCase(moduleName)}`;
}

/** `core/tensor-scorer` → `coreTensorScorer`: the module's key in the wiring's module table. */
export function moduleKey(moduleName: string): string {
  return toCamelCase(moduleName);
}

/** A TypeScript string literal with single quotes, escaped. */
export function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/**
 * Import specifier from one file of the agent project to another, both relative to the project root
 * (`src/modules/core/x.spec.ts` → `src/generated/contract.ts` gives `../../generated/contract`).
 */
export function relativeImport(fromFile: string, toFile: string): string {
  const relative = posix.relative(posix.dirname(fromFile), toFile).replace(/\.ts$/, '');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
