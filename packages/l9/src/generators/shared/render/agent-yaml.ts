import type { AgentRenderContext } from './render-context';
import { stringifyYaml } from './stringify-yaml';

/** `agent.yaml`: the normalized schema, the source of truth for the inferred targets and graph edges. */
export function renderAgentYaml(ctx: AgentRenderContext): string {
  const header = [
    '# yaml-language-server: $schema=../../node_modules/l9/schemas/agent.schema.json',
    `# Normalized by l9 from ${ctx.plan.inputs.join(', ')}. Edit the schema and regenerate; this file is rewritten.`,
  ];
  return `${header.join('\n')}\n${stringifyYaml(ctx.spec, { aliasDuplicateObjects: false })}`;
}
