import type { ModuleSpec } from '../../../../schema';
import { moduleFactoryName, relativeImport, tsString } from '../code-names';
import { GENERATED_MARKER, type AgentRenderContext } from '../render-context';

/** Renders a role module and its spec for one agent. */
export interface RoleTemplate {
  module(ctx: AgentRenderContext, module: ModuleSpec): string;
  spec(ctx: AgentRenderContext, module: ModuleSpec): string;
}

/** Schema text inside a doc comment: one line, and never the comment's end. */
export function docText(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/\*\//g, '*\u2215');
}

export interface RoleModuleParts {
  /** Runtime class, e.g. `GovernanceBridgeRole`. */
  className: string;
  /** Human name of the role, e.g. `governance bridge`. */
  roleName: string;
  /** What the module does for this agent, one sentence per entry (schema-specific). */
  about: string[];
  /** Constructor options as a TypeScript expression, or undefined for none. */
  options?: string;
  /** Extra imports (names from `@l9/runtime` or whole import lines starting with `import`). */
  imports?: string[];
}

/** `src/modules/<name>.ts` of a role module: the factory that builds the role over the agent's runtime. */
export function renderRoleModule(
  ctx: AgentRenderContext,
  module: ModuleSpec,
  parts: RoleModuleParts,
): string {
  const runtimeNames = [parts.className, 'type AgentRuntime'];
  const importLines = (parts.imports ?? []).filter((line) => line.startsWith('import '));
  const about = parts.about.map((line) => ` * ${docText(line)}`).join('\n');
  const args = parts.options ? `runtime, ${parts.options}` : 'runtime';
  return `// ${GENERATED_MARKER}
import { ${runtimeNames.join(', ')} } from '@l9/runtime';
${importLines.map((line) => `${line}\n`).join('')}
/**
 * The ${parts.roleName} of ${docText(ctx.spec.name)}, a complete implementation over @l9/runtime.
 *
${about}
 */
export function ${moduleFactoryName(module.name)}(runtime: AgentRuntime): ${parts.className} {
  return new ${parts.className}(${args});
}
`;
}

export interface RoleSpecParts {
  roleName: string;
  /** Names imported from `@l9/runtime` besides `createTestRuntime` and `AgentRuntime`. */
  runtimeImports?: string[];
  /** Extra statements in `afterEach`, before the runtime closes. */
  cleanup?: string[];
  /** Declarations at the top of the describe block (after `runtime`). */
  declarations?: string[];
  /** Environment for `createTestRuntime` (an expression), e.g. `anchors.env` for the anchors' keys. */
  runtimeEnv?: string;
  /** `it(...)` blocks, already indented by two spaces. */
  tests: string[];
}

/** `src/modules/<name>.spec.ts` of a role module: the role exercised over this agent's own blueprint. */
export function renderRoleSpec(ctx: AgentRenderContext, module: ModuleSpec, parts: RoleSpecParts): string {
  const file = `src/modules/${module.name}.spec.ts`;
  const names = [...new Set(['createTestRuntime', ...(parts.runtimeImports ?? [])])].sort();
  const cleanup = (parts.cleanup ?? []).map((line) => `    ${line}\n`).join('');
  const declarations = (parts.declarations ?? []).map((line) => `  ${line}\n`).join('');
  return `// ${GENERATED_MARKER}
import { ${names.join(', ')}, type AgentRuntime } from '@l9/runtime';
import { blueprint } from '${relativeImport(file, 'src/generated/config.ts')}';
import { ${moduleFactoryName(module.name)} } from '${relativeImport(file, `src/modules/${module.name}.ts`)}';

describe(${tsString(`${module.name} (${parts.roleName} of ${ctx.spec.name})`)}, () => {
  let runtime: AgentRuntime;
${declarations}
  beforeEach(async () => {
    runtime = await createTestRuntime(blueprint${parts.runtimeEnv ? `, ${parts.runtimeEnv}` : ''});
  });

  afterEach(async () => {
${cleanup}    await runtime.close();
  });

${parts.tests.join('\n\n')}
});
`;
}

/** A JSON literal usable as a TypeScript expression (single line). */
export function literal(value: unknown): string {
  return JSON.stringify(value);
}

export { moduleFactoryName, tsString };
