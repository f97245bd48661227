import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The part of a normalized `agent.yaml` the project graph needs. */
export interface AgentGraphInfo {
  id: string;
  name: string;
  dependsOn: { hard: string[]; soft: string[] };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Reads `agent.yaml`; a file that is not a normalized agent is reported with its path, never guessed at. */
export function readAgentYaml(workspaceRoot: string, file: string): AgentGraphInfo {
  let value: unknown;
  try {
    value = parse(readFileSync(join(workspaceRoot, file), 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not readable YAML (${(error as Error).message.split('\n')[0]}); regenerate it with nx g l9:agent`);
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const dependsOn = (typeof record['depends_on'] === 'object' && record['depends_on'] !== null ? record['depends_on'] : {}) as Record<string, unknown>;
  if (typeof record['id'] !== 'string' || typeof record['name'] !== 'string') {
    throw new Error(`${file}: not a normalized agent (no id or name); regenerate it with nx g l9:agent`);
  }
  return { id: record['id'], name: record['name'], dependsOn: { hard: strings(dependsOn['hard']), soft: strings(dependsOn['soft']) } };
}
