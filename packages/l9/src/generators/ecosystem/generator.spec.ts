import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { workspaceRoot } from '../../testing/reference-inputs';
import { sha256Hex } from '@l9/runtime/shared';
import { L9GenerationError } from '../shared/report-diagnostics';
import { copyIntoTree, treeFiles } from '../testing/tree-files';
import { ecosystemGenerator } from './generator';

const EXAMPLES = ['templates/examples/tensoraios-ecosystem.md', 'templates/examples/main-agent.yaml'];
const AGENT_IDS = [
  'main-agent',
  'plastos-adapter',
  'tensor-auditor',
  'tensor-training-orchestrator',
  'tensoraios',
];

function exampleTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  copyIntoTree(tree, workspaceRoot(), EXAMPLES);
  return tree;
}

describe('l9:ecosystem on the TensorAIOS example', () => {
  let tree: Tree;

  beforeAll(async () => {
    tree = exampleTree();
    await ecosystemGenerator(tree, { schema: EXAMPLES });
  });

  it('creates one project per agent and the ecosystem project', () => {
    const projects = tree.children('agents').sort();
    expect(projects).toEqual([...AGENT_IDS, 'tensoraios-ecosystem'].sort());
    for (const id of AGENT_IDS) expect(tree.exists(`agents/${id}/agent.yaml`)).toBe(true);
  });

  it('writes exactly the files the locked plan lists', () => {
    const plan = JSON.parse(tree.read('agents/tensoraios-ecosystem/plan.lock.json', 'utf-8')!);
    const planned = (plan.todo as Array<{ file: string }>).map((t) => t.file).sort();
    const written = AGENT_IDS.flatMap((id) => Object.keys(treeFiles(tree, `agents/${id}`))).sort();
    expect(written).toEqual(planned);
  });

  it('records the sha256 of every file in each manifest', () => {
    for (const id of AGENT_IDS) {
      const manifest = JSON.parse(tree.read(`agents/${id}/manifest.json`, 'utf-8')!);
      const files = treeFiles(tree, `agents/${id}`);
      const listed = (manifest.files as Array<{ path: string; sha256: string }>).map((f) => f.path);
      expect(listed.sort()).toEqual(
        Object.keys(files)
          .map((p) => p.slice(`agents/${id}/`.length))
          .filter((p) => p !== 'manifest.json')
          .sort(),
      );
      for (const entry of manifest.files as Array<{ path: string; sha256: string }>)
        expect(sha256Hex(files[`agents/${id}/${entry.path}`]!)).toBe(entry.sha256);
    }
  });

  it('wires the governance of each agent to the anchors of its schema', () => {
    const config = tree.read('agents/tensoraios/src/generated/config.ts', 'utf-8')!;
    const spec = tree.read('agents/tensoraios/agent.yaml', 'utf-8')!;
    const anchors = /anchors:\n((?:\s+- .+\n)+)/
      .exec(spec)![1]!
      .trim()
      .split('\n')
      .map((l) => l.replace(/^\s*- /, '').trim());
    expect(anchors.length).toBeGreaterThan(0);
    for (const anchor of anchors) expect(config).toContain(JSON.stringify(anchor));
  });

  it('serves every declared endpoint at its declared path', () => {
    const contract = tree.read('agents/main-agent/src/generated/contract.ts', 'utf-8')!;
    const spec = tree.read('agents/main-agent/agent.yaml', 'utf-8')!;
    const paths = [...spec.matchAll(/path: (\/\S+)/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(contract).toContain(`"path": "${path}"`);
  });

  it('locks the plan with its hash and renders the readable TODO list', () => {
    const lock = JSON.parse(tree.read('agents/tensoraios-ecosystem/plan.lock.json', 'utf-8')!);
    expect(lock.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(tree.read('agents/tensoraios-ecosystem/locked_todo_plan.md', 'utf-8')).toContain(lock.hash);
    const matrix = JSON.parse(tree.read('agents/tensoraios-ecosystem/integration-matrix.json', 'utf-8')!);
    expect(matrix.pairs).toHaveLength(20);
  });

  it('leaves no forbidden marker in anything it generated', () => {
    for (const [path, content] of Object.entries(treeFiles(tree, 'agents'))) {
      const hit =
        /\b(TODO|FIXME|XXX)\b/.exec(content)?.[0] ??
        /\bplaceholders?\b|\bnot (yet )?implemented\b/i.exec(content)?.[0] ??
        null;
      expect({ path, hit }).toEqual({ path, hit: null });
    }
  });
});

describe('regeneration', () => {
  it('gives identical bytes the second time', async () => {
    const tree = exampleTree();
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    const first = treeFiles(tree, 'agents');
    await ecosystemGenerator(tree, { schema: [...EXAMPLES].reverse() });
    expect(treeFiles(tree, 'agents')).toEqual(first);
  });

  it('writes the anchors file with every anchor once and no keys, and never overwrites the keys added to it', async () => {
    const tree = exampleTree();
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    const path = 'agents/tensoraios-ecosystem/anchors.jwks.json';
    const written = JSON.parse(tree.read(path, 'utf-8')!) as {
      anchors: string[];
      keys: unknown[];
      $comment: string;
    };
    expect(written.keys).toEqual([]);
    // Every anchor of the five agents once, sorted (several agents share System Oversight Committee).
    expect(written.anchors).toEqual([
      'Compliance Officer',
      'Domain Oversight Council',
      'L9 Executive Architect',
      'System Oversight Committee',
    ]);
    expect(written.$comment).toContain('l9-runtime anchor keygen');
    const withKey = JSON.stringify({
      ...written,
      keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), kid: 'Compliance Officer' }],
    });
    tree.write(path, withKey);
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    expect(tree.read(path, 'utf-8')).toBe(withKey);
    expect(tree.read('agents/tensoraios-ecosystem/ANCHORS.md', 'utf-8')).toContain(
      'npx l9-runtime anchor keygen --name "L9 Executive Architect" --jwks agents/tensoraios-ecosystem/anchors.jwks.json',
    );
  });

  it('keeps an edited domain module', async () => {
    const tree = exampleTree();
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    const domain = Object.keys(treeFiles(tree, 'agents/tensoraios/src/modules')).find((p) =>
      p.endsWith('tensor-scorer.ts'),
    )!;
    tree.write(domain, `${tree.read(domain, 'utf-8')}\n// tuned by the team\n`);
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    expect(tree.read(domain, 'utf-8')).toContain('// tuned by the team');
  });

  it('removes the module of a dropped generatefiles entry and leaves the other agents alone', async () => {
    const tree = exampleTree();
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    const before = treeFiles(tree, 'agents');
    const md = tree.read(EXAMPLES[0]!, 'utf-8')!;
    expect(md).toContain('- tensor_scorer.py');
    tree.write(EXAMPLES[0]!, md.replace(/\n\s*- tensor_scorer\.py/, ''));
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    const after = treeFiles(tree, 'agents');
    expect(after['agents/tensoraios/src/modules/tensor-scorer.ts']).toBeUndefined();
    expect(after['agents/tensoraios/src/modules/tensor-scorer.spec.ts']).toBeUndefined();
    const changedElsewhere = Object.keys(after).filter(
      (p) =>
        !p.startsWith('agents/tensoraios/') &&
        !p.startsWith('agents/tensoraios-ecosystem/') &&
        after[p] !== before[p],
    );
    expect(changedElsewhere).toEqual([]);
  });
});

describe('the workspace meta templates', () => {
  const CODEGEN = 'templates/meta/meta.codegen.yaml';
  const bundledCodegen = () =>
    readFileSync(join(workspaceRoot(), 'packages/l9/meta/meta.codegen.yaml'), 'utf8');

  it('follows an edited template rather than the copy l9 ships', async () => {
    const tree = exampleTree();
    tree.write(CODEGEN, bundledCodegen().replace('base: 8000', 'base: 9100'));
    await ecosystemGenerator(tree, { schema: EXAMPLES });
    const plan = JSON.parse(tree.read('agents/tensoraios-ecosystem/plan.lock.json', 'utf-8')!) as {
      agents: Array<{ port: number }>;
    };
    expect(Math.min(...plan.agents.map((a) => a.port))).toBe(9100);
  });

  it('stops on a broken template with its position and writes nothing', async () => {
    const tree = exampleTree();
    tree.write(CODEGEN, bundledCodegen().replace('base: 8000', 'base: eighty'));
    const before = tree.listChanges().map((c) => c.path);
    const error = await ecosystemGenerator(tree, { schema: EXAMPLES }).catch((e: unknown) => e);
    const line =
      bundledCodegen()
        .split('\n')
        .findIndex((l) => l.includes('base: 8000')) + 1;
    expect((error as L9GenerationError).diagnostics).toContainEqual(
      expect.objectContaining({ code: expect.stringMatching(/^L9M/), file: CODEGEN, line }),
    );
    expect(tree.listChanges().map((c) => c.path)).toEqual(before);
  });
});

describe('bad schemas', () => {
  it('reports the diagnostics and leaves the Tree untouched', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write(
      'schemas/broken.md',
      readFileSync(
        join(workspaceRoot(), '..', 'shared/reference/l9/inputs/Example-L9_Tensor-AIOS_Layer_Schemas_v6.md'),
      ),
    );
    const before = tree.listChanges().map((c) => c.path);
    const error = await ecosystemGenerator(tree, { schema: ['schemas/broken.md'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(L9GenerationError);
    const diagnostics = (error as L9GenerationError).diagnostics;
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ code: 'L9E010', file: 'schemas/broken.md', line: 416, column: 14 }),
    );
    expect(tree.listChanges().map((c) => c.path)).toEqual(before);
  });

  it('reports a missing schema file', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const error = await ecosystemGenerator(tree, { schema: ['nowhere.yaml'] }).catch((e: unknown) => e);
    expect((error as L9GenerationError).diagnostics).toContainEqual(
      expect.objectContaining({ code: 'L9E001', file: 'nowhere.yaml' }),
    );
  });

  it('prints the diagnostics as one JSON array with --format json, and as workflow commands with --format github', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const printed = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await ecosystemGenerator(tree, { schema: ['nowhere.yaml'], format: 'json' }).catch(() => undefined);
      expect(JSON.parse(String(printed.mock.calls[0]![0]))).toEqual([
        expect.objectContaining({
          code: 'L9E001',
          file: 'nowhere.yaml',
          line: 1,
          column: 1,
          severity: 'error',
        }),
      ]);
      printed.mockClear();
      await ecosystemGenerator(tree, { schema: ['nowhere.yaml'], format: 'github' }).catch(() => undefined);
      expect(String(printed.mock.calls[0]![0])).toMatch(
        /^::error file=nowhere.yaml,line=1,col=1,title=L9E001::schema file not found/,
      );
    } finally {
      printed.mockRestore();
    }
  });

  it('reads an absolute --schema path inside the workspace as its workspace path, and refuses one outside', async () => {
    const tree = exampleTree();
    await ecosystemGenerator(tree, { schema: EXAMPLES.map((path) => join(tree.root, path)) });
    expect(JSON.parse(tree.read('agents/tensoraios-ecosystem/plan.lock.json', 'utf-8')!).inputs).toEqual(
      [...EXAMPLES].sort(),
    );
    const error = await ecosystemGenerator(createTreeWithEmptyWorkspace(), {
      schema: '/elsewhere/schema.yaml',
    }).catch((e: unknown) => e);
    expect((error as L9GenerationError).diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'L9E001',
        file: '/elsewhere/schema.yaml',
        message: 'schema file is outside the workspace',
      }),
    );
  });
});
