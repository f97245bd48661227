import type { LockedTodo } from '../../plan';
import { renderAgentYaml } from './render/agent-yaml';
import { renderConfig, renderContract, renderContractSpec, renderMain, renderWiring } from './render/code';
import { renderDoc } from './render/docs';
import { renderEndpointTypes } from './render/endpoint-types';
import { renderModule, renderModuleSpec } from './render/modules';
import { renderOpenApi } from './render/openapi';
import { renderJestConfig, renderProjectJson, renderTsconfig } from './render/project-files';
import type { AgentRenderContext } from './render/render-context';
import type { RenderedFile } from './write-agent-project';

type Renderer = (ctx: AgentRenderContext, subject: string | undefined) => string;

/** What produces each step of `meta.extraction.sequence.yaml`; `manifest` is written last by the project writer. */
const RENDERERS: Record<string, Renderer> = {
  'agent-yaml': (ctx) => renderAgentYaml(ctx),
  project: (ctx) => renderProjectJson(ctx),
  tsconfig: (ctx) => renderTsconfig(ctx),
  'jest-config': (ctx) => renderJestConfig(ctx),
  contract: (ctx) => renderContract(ctx),
  'endpoint-types': (ctx) => renderEndpointTypes(ctx),
  config: (ctx) => renderConfig(ctx),
  wiring: (ctx) => renderWiring(ctx),
  main: (ctx) => renderMain(ctx),
  modules: (ctx, subject) => renderModule(ctx, subject!),
  'module-tests': (ctx, subject) => renderModuleSpec(ctx, subject!),
  'contract-tests': (ctx) => renderContractSpec(ctx),
  docs: (ctx, subject) => renderDoc(ctx, subject!),
  openapi: (ctx) => renderOpenApi(ctx),
};

export const MANIFEST_STEP = 'manifest';

/** Steps of the meta templates that no renderer produces: a meta template edit l9 cannot honour. */
export function unknownSteps(stepIds: readonly string[]): string[] {
  return stepIds.filter((id) => id !== MANIFEST_STEP && !(id in RENDERERS));
}

/** Renders every file the locked plan lists for one agent, in plan order (the manifest excepted). */
export function renderAgentFiles(ctx: AgentRenderContext, todo: readonly LockedTodo[]): RenderedFile[] {
  const prefix = `${ctx.projectRoot}/`;
  return todo
    .filter((entry) => entry.agent === ctx.spec.name && entry.step !== MANIFEST_STEP)
    .map((entry) => {
      const render = RENDERERS[entry.step];
      if (!render) throw new Error(`no renderer for step '${entry.step}' of meta.extraction.sequence.yaml`);
      return {
        path: entry.file.slice(prefix.length),
        content: render(ctx, entry.subject),
        ownership: entry.ownership,
      };
    });
}
