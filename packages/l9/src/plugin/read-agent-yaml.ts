import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The YAML parser, loaded on first use: Nx loads the plugin in every project-graph computation, and the
 * parser's module graph costs more to load than the plugin's whole work on a generated workspace, which the
 * line scanner below reads without it.
 */
function parse(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as said above
  return (require('yaml') as typeof import('yaml')).parse(text);
}

/** The part of a normalized `agent.yaml` the project graph needs. */
export interface AgentGraphInfo {
  id: string;
  name: string;
  dependsOn: { hard: string[]; soft: string[] };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

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
    throw new Error(
      `${file}: not readable YAML (${(error as Error).message.split('\n')[0]}); regenerate it with nx g l9:agent`,
    );
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const dependsOn = (
    typeof record['depends_on'] === 'object' && record['depends_on'] !== null ? record['depends_on'] : {}
  ) as Record<string, unknown>;
  if (typeof record['id'] !== 'string' || typeof record['name'] !== 'string') {
    throw new Error(`${file}: not a normalized agent (no id or name); regenerate it with nx g l9:agent`);
  }
  return {
    id: record['id'],
    name: record['name'],
    dependsOn: { hard: strings(dependsOn['hard']), soft: strings(dependsOn['soft']) },
  };
}

/**
 * The `depends_on` block of an agent.yaml: the top-level key's line and the lines indented under it, read
 * on their own (by the line scanner, or by the YAML parser for any other form). The project graph needs
 * nothing else from the file.
 */
export function readDependsOn(workspaceRoot: string, file: string): { hard: string[]; soft: string[] } {
  const text = readFileSync(`${workspaceRoot}/${file}`, 'utf8');
  const { lines, start } = dependsOnBlock(text);
  if (lines.length === 0) return { hard: [], soft: [] };
  const simple = /^depends_on:\s*$/.test(lines[0]!) ? simpleDependsOn(lines.slice(1)) : null;
  if (simple) return simple;
  let block: unknown;
  try {
    block = (parse(lines.join('\n')) as Record<string, unknown> | null)?.['depends_on'];
  } catch (error) {
    throw new Error(
      `${file}:${lineOf(text, start) + 1}: depends_on is not readable YAML (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const record = (typeof block === 'object' && block !== null ? block : {}) as Record<string, unknown>;
  return { hard: strings(record['hard']), soft: strings(record['soft']) };
}

/** A line that starts with the key; lines end at `\n` only, as everywhere else in this reader. */
const DEPENDS_ON_KEY = /(?:^|\n)depends_on[^\S\n]*:/;

/**
 * The lines of the top-level `depends_on` key (its own line and the blank, indented or comment lines under
 * it) and the offset it starts at; no lines when the key is absent. Only this block is split into lines: a
 * normalized agent.yaml runs to a hundred lines and more, the block to a few.
 */
function dependsOnBlock(text: string): { lines: string[]; start: number } {
  const found = DEPENDS_ON_KEY.exec(text);
  if (!found) return { lines: [], start: -1 };
  const lines: string[] = [];
  let from = found[0].startsWith('\n') ? found.index + 1 : found.index;
  const start = from;
  while (from < text.length) {
    const newline = text.indexOf('\n', from);
    const lineEnd = newline < 0 ? text.length : newline;
    // A file saved with CRLF line ends reads the same as with LF.
    const line = text.slice(from, lineEnd > from && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
    if (lines.length > 0 && line !== '' && !/^[\s#]/.test(line)) break;
    lines.push(line);
    if (newline < 0) break;
    from = newline + 1;
  }
  return { lines, start };
}

/** 0-based line number of a character offset. */
function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
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
