import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractorMapEdges } from '../schema/sources/collection-edges';
import { mergeDocuments } from '../schema/sources/merge-documents';
import { parseYamlStream } from '../schema/yaml';
import { workspaceRoot } from '../testing/reference-inputs';
import { analyzeGraph } from './analyze-graph';

const FILE = 'Example-L9_Tensor-AIOS_Layer_Schemas_v6.md';

/**
 * The reference extractor map does not parse as a whole (its troubleshooting section is broken YAML), so
 * its `dependency_graph` section is cut out of the real file and fed in on its own, keeping its lines.
 */
function extractorMapGraph() {
  const lines = readFileSync(
    resolve(workspaceRoot(), '..', 'shared/reference/l9/inputs', FILE),
    'utf8',
  ).split('\n');
  const start = lines.findIndex((l) => l.startsWith('dependency_graph:'));
  const end = lines.findIndex((l, i) => i > start && /^\S/.test(l) && !l.startsWith('dependency_graph'));
  const stream = parseYamlStream(
    lines.slice(start, end).join('\n'),
    { file: FILE, lineOffset: start, columnOffset: 0 },
    { maxAliases: 10 },
  );
  const { source } = mergeDocuments(stream.documents);
  const { edges, diagnostics } = extractorMapEdges(source!);
  expect(diagnostics).toEqual([]);
  const located = edges.map((e) => ({
    from: e.from,
    to: e.to,
    kind: e.kind,
    origin: source!.locate(e.path),
  }));
  const nodes = [...new Set(located.flatMap((e) => [e.from, e.to]))].sort();
  return { nodes, edges: located };
}

describe('the reference extractor map as a graph', () => {
  const graph = extractorMapGraph();

  it('reads hard (->) and soft (->>) edges', () => {
    expect(graph.edges.filter((e) => e.kind === 'hard').map((e) => `${e.from}->${e.to}`)).toEqual([
      'TensorAIOS->Main',
      'Main->PlastOS Adapter',
      'Main->Trainer',
      'Trainer->TensorAIOS',
    ]);
    expect(graph.edges.filter((e) => e.kind === 'soft')).toHaveLength(3);
  });

  it('reports the cycle TensorAIOS -> Main -> Trainer -> TensorAIOS with each edge position', () => {
    const analysis = analyzeGraph({ ...graph, rank: (n) => n });
    expect(analysis.cycles).toHaveLength(1);
    expect(analysis.cycles[0]!.path).toEqual(['TensorAIOS', 'Main', 'Trainer', 'TensorAIOS']);
    expect(analysis.cycles[0]!.edges.map((e) => e.origin.line)).toEqual([1370, 1372, 1373]);
    const [diagnostic] = analysis.diagnostics;
    expect(diagnostic).toMatchObject({ code: 'L9E041', file: FILE, line: 1370, column: 7 });
    expect(diagnostic!.message).toContain('TensorAIOS -> Main -> Trainer -> TensorAIOS');
    expect(diagnostic!.hint).toContain(`Trainer -> TensorAIOS at ${FILE}:1373:7`);
    expect(analysis.order).toEqual([]);
  });
});
