import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJsonPretty } from '../plan/plan-lock-format';
import { readLockedOrder } from './locked-plan';

describe('readLockedOrder', () => {
  let workspaceRoot: string;
  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), 'l9-plan-'));
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  const TASK_LIST_KEY = '\n  "todo": [';
  /** A plan as the generator writes it; the third agent's name is padded by `padding` letters, to move the todo key. */
  const writePlan = (dir: string, padding: number, todo: unknown) => {
    const names = ['Alpha', 'Beta', `G${'a'.repeat(padding)}`];
    const plan = {
      agents: names.map((name, i) => ({ id: `agent-${i}`, name })),
      edges: [{ from: 'Alpha', kind: 'hard', to: 'Beta' }],
      format: 'l9/locked-plan@1',
      order: names,
      todo,
      waves: [names],
    };
    writeFileSync(join(workspaceRoot, dir, 'plan.lock.json'), canonicalJsonPretty(plan));
    return names;
  };

  // The reader stops at the todo list, reading the file in chunks of 256 KiB: the key must be found wherever it falls.
  it('reads the order, edges and ids of a plan whose todo list starts anywhere around a chunk boundary', () => {
    const probe = canonicalJsonPretty({
      agents: [
        { id: 'agent-0', name: 'Alpha' },
        { id: 'agent-1', name: 'Beta' },
        { id: 'agent-2', name: 'G' },
      ],
      edges: [{ from: 'Alpha', kind: 'hard', to: 'Beta' }],
      format: 'l9/locked-plan@1',
      order: ['Alpha', 'Beta', 'G'],
    });
    // Where the todo key would start with no padding; each padded name appears twice before it (agents and order).
    const base = probe.lastIndexOf('\n}');
    const chunk = 256 * 1024;
    for (const offset of [-14, -12, -6, -1, 0, 1, 5, 13]) {
      const padding = Math.floor((chunk + offset - base) / 2);
      const dir = `eco${offset + 20}`;
      mkdirSync(join(workspaceRoot, dir));
      const names = writePlan(dir, padding, [{ file: 'x', id: 'a.01' }]);
      const at = readFileSync(join(workspaceRoot, dir, 'plan.lock.json'), 'utf8').indexOf(TASK_LIST_KEY);
      expect(Math.abs(at - (chunk + offset))).toBeLessThanOrEqual(1);
      expect(readLockedOrder(workspaceRoot, dir)).toEqual({
        order: names,
        edges: [{ from: 'Alpha', kind: 'hard', to: 'Beta' }],
        ids: { Alpha: 'agent-0', Beta: 'agent-1', [names[2]!]: 'agent-2' },
      });
    }
  });

  it('never reads past the start of the todo list, which holds most of the file', () => {
    mkdirSync(join(workspaceRoot, 'eco'));
    const names = writePlan('eco', 1, [{ file: 'x', id: 'a.01' }]);
    const path = join(workspaceRoot, 'eco', 'plan.lock.json');
    const text = readFileSync(path, 'utf8');
    // What follows the key is no longer JSON: only a reader that stops at the key can still read the plan.
    writeFileSync(
      path,
      `${text.slice(0, text.indexOf(TASK_LIST_KEY) + TASK_LIST_KEY.length)} not json at all\n`,
    );
    expect(readLockedOrder(workspaceRoot, 'eco')?.order).toEqual(names);
  });

  it('reads a plan reformatted by hand (no todo key where the generator puts it) as a whole', () => {
    mkdirSync(join(workspaceRoot, 'eco'));
    writeFileSync(
      join(workspaceRoot, 'eco', 'plan.lock.json'),
      JSON.stringify({
        todo: [],
        order: ['B', 'A'],
        edges: [{ from: 'B', to: 'A', kind: 'soft' }],
        agents: [
          { id: 'a', name: 'A' },
          { id: 'b', name: 'B' },
        ],
      }),
    );
    expect(readLockedOrder(workspaceRoot, 'eco')).toEqual({
      order: ['B', 'A'],
      edges: [{ from: 'B', to: 'A', kind: 'soft' }],
      ids: { A: 'a', B: 'b' },
    });
  });
});
