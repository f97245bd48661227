import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The part of a normalized `agent.yaml` the project graph needs. */
export interface AgentGraphInfo {
  id: string;
  name: string;
  dependsOn: { hard: string[]; soft: string[] };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * createNodesV2 and createDependencies both read every agent.yaml in the same plugin process; a file is
 * parsed once per change (keyed by its modification time and size).
 */
const parsed = new Map<string, { stamp: string; info: AgentGraphInfo }>();

function parseAgentYaml(file: string, text: string): AgentGraphInfo {
  let value: unknown;
  try {
    value = parse(text);
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

/**
 * The `depends_on` block of an agent.yaml: the top-level key's line and the lines indented under it, parsed
 * by the YAML parser on their own. The project graph needs nothing else from the file, and a normalized
 * agent.yaml runs to hundreds of lines.
 */
export function readDependsOn(workspaceRoot: string, file: string): { hard: string[]; soft: string[] } {
  const text = readFileSync(join(workspaceRoot, file), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((line) => /^depends_on\s*:/.test(line));
  if (start < 0) return { hard: [], soft: [] };
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^[\s#]/.test(lines[end]!))) end += 1;
  const simple = /^depends_on:\s*$/.test(lines[start]!) ? simpleDependsOn(lines.slice(start + 1, end)) : null;
  if (simple) return simple;
  let block: unknown;
  try {
    block = (parse(lines.slice(start, end).join('\n')) as Record<string, unknown> | null)?.['depends_on'];
  } catch (error) {
    throw new Error(`${file}:${start + 1}: depends_on is not readable YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const record = (typeof block === 'object' && block !== null ? block : {}) as Record<string, unknown>;
  return { hard: strings(record['hard']), soft: strings(record['soft']) };
}

const NAME = '[A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*';
const ITEM = new RegExp(`^ {4}- (${NAME})$`);
const KEY = new RegExp(`^ {2}(hard|soft):(?: \\[((?:${NAME})(?:, (?:${NAME}))*)?\\])?$`);

/**
 * The block exactly as the generator writes it (`  hard:` / `    - Name` / `  soft: []`, or `  hard: [A, B]`) is read without the
 * YAML parser, which costs more than the rest of the graph computation; anything else returns null and is
 * parsed properly.
 */
function simpleDependsOn(lines: readonly string[]): { hard: string[]; soft: string[] } | null {
  const result = { hard: [] as string[], soft: [] as string[] };
  let current: 'hard' | 'soft' | null = null;
  for (const line of lines) {
    if (line === '') continue;
    const key = KEY.exec(line);
    if (key) {
      current = key[1] as 'hard' | 'soft';
      if (key[2]) result[current].push(...key[2].split(', '));
      continue;
    }
    const item = ITEM.exec(line);
    if (!item || current === null) return null;
    result[current].push(item[1]!);
  }
  return result;
}

/** Reads `agent.yaml`; a file that is not a normalized agent is reported with its path, never guessed at. */
export function readAgentYaml(workspaceRoot: string, file: string): AgentGraphInfo {
  const path = join(workspaceRoot, file);
  const stats = statSync(path);
  const stamp = `${stats.mtimeMs}:${stats.size}`;
  const cached = parsed.get(path);
  if (cached?.stamp === stamp) return cached.info;
  const info = parseAgentYaml(file, readFileSync(path, 'utf8'));
  parsed.set(path, { stamp, info });
  return info;
}
