import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** An edge as `plan.lock.json` records it: from the agent needed first to the agent that needs it, by name. */
export interface LockedEdge {
  from: string;
  to: string;
  kind: 'hard' | 'soft';
}

/** What the project graph needs of a locked plan: the order it locked, its edges, and each agent's project id. */
export interface LockedOrder {
  /** Agent names in the locked topological order (over hard and accepted soft edges). */
  order: string[];
  edges: LockedEdge[];
  /** Project id of each agent name. */
  ids: Record<string, string>;
}

export const PLAN_LOCK_FILE = 'plan.lock.json';

/**
 * The value of one top-level array of the plan, as the generator writes it (canonical JSON, two-space indent,
 * so the array closes at the first line that is exactly `  ]`). The plan's `todo` list grows with every planned
 * file, some forty per agent: parsing only these arrays keeps a thousand-agent plan cheap to read.
 */
function topLevelArray(text: string, key: string): unknown[] | undefined {
  const opening = `\n  ${JSON.stringify(key)}: [`;
  const start = text.indexOf(opening);
  if (start < 0) return undefined;
  const bracket = start + opening.length - 1;
  if (text[bracket + 1] === ']') return [];
  const close = text.indexOf('\n  ]', bracket);
  if (close < 0) return undefined;
  return JSON.parse(text.slice(bracket, close + 4)) as unknown[];
}

/**
 * Where the part of the plan the graph needs ends, in the generator's layout: its keys are sorted, and
 * `agents`, `edges` and `order` all come before `todo`, the list that makes up most of the file (some 6 of
 * 8 MB at a thousand agents). A line break followed by two spaces and a key occurs only at the top level,
 * since canonical JSON writes a line break inside a string as `\n`.
 */
const TASK_LIST_KEY = Buffer.from('\n  "todo": [');
const CHUNK_BYTES = 256 * 1024;

/**
 * The plan's text up to its `todo` list, read in chunks so the rest of the file is never read; the whole
 * file when it has no such list. Cut at the line break before the key, never inside a character.
 */
function readUpToTodo(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let read = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const bytes = readSync(fd, chunk, 0, CHUNK_BYTES, read);
      if (bytes === 0) return Buffer.concat(chunks).toString('utf8');
      // The key may straddle two chunks: the new one is searched with the end of the one before.
      const previous = chunks[chunks.length - 1];
      const overlap = previous ? Math.min(previous.length, TASK_LIST_KEY.length - 1) : 0;
      const window = previous
        ? Buffer.concat([previous.subarray(previous.length - overlap), chunk.subarray(0, bytes)])
        : chunk.subarray(0, bytes);
      chunks.push(chunk.subarray(0, bytes));
      const found = window.indexOf(TASK_LIST_KEY);
      if (found >= 0) return Buffer.concat(chunks).toString('utf8', 0, read - overlap + found);
      read += bytes;
    }
  } finally {
    closeSync(fd);
  }
}

function parseLockedOrder(text: string, wholeFile: () => string): LockedOrder {
  let order = topLevelArray(text, 'order');
  let edges = topLevelArray(text, 'edges');
  let agents = topLevelArray(text, 'agents');
  if (!order || !edges || !agents) {
    // Not the generator's layout (reformatted by hand or by a tool): the whole file, parsed properly.
    const plan = JSON.parse(wholeFile()) as { order?: unknown[]; edges?: unknown[]; agents?: unknown[] };
    order = plan.order;
    edges = plan.edges;
    agents = plan.agents;
  }
  if (!Array.isArray(order) || !Array.isArray(edges) || !Array.isArray(agents))
    throw new Error('no order, edges or agents: not a locked plan');
  const ids: Record<string, string> = {};
  for (const agent of agents as Array<{ id?: unknown; name?: unknown }>) {
    if (typeof agent?.name === 'string' && typeof agent.id === 'string') ids[agent.name] = agent.id;
  }
  const lockedEdges = (edges as Array<Partial<LockedEdge>>).filter(
    (e): e is LockedEdge =>
      typeof e?.from === 'string' && typeof e.to === 'string' && (e.kind === 'hard' || e.kind === 'soft'),
  );
  return { order: order.filter((name): name is string => typeof name === 'string'), edges: lockedEdges, ids };
}

/** Plans are read on every graph computation; a file is parsed again only when it changed (time and size). */
const parsed = new Map<string, { stamp: string; plan: LockedOrder }>();

/**
 * The locked order of the ecosystem project at `ecosystemRoot` (workspace-relative), or null when it has no
 * plan. A plan that cannot be read throws an error naming the file.
 */
export function readLockedOrder(workspaceRoot: string, ecosystemRoot: string): LockedOrder | null {
  const file = `${ecosystemRoot}/${PLAN_LOCK_FILE}`;
  const path = join(workspaceRoot, file);
  let stamp: string;
  try {
    const stats = statSync(path);
    stamp = `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return null;
  }
  const cached = parsed.get(path);
  if (cached?.stamp === stamp) return cached.plan;
  let plan: LockedOrder;
  try {
    plan = parseLockedOrder(readUpToTodo(path), () => readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file}: not a readable locked plan (${(error as Error).message.split('\n')[0]}); regenerate the ecosystem with nx g l9:ecosystem`,
    );
  }
  parsed.set(path, { stamp, plan });
  return plan;
}
