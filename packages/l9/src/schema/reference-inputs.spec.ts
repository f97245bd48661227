import { ingestSchemas } from './ingest-schemas';
import { referenceInput, TEST_LIMITS } from '../testing/reference-inputs';

const COLLECTION = 'Example-L9_Tensor-AIOS_Layer_Schemas_v6.md';
const ingest = (...names: string[]) => ingestSchemas(names.map(referenceInput), { limits: TEST_LIMITS });

describe('the reference schema collection', () => {
  const result = ingest(COLLECTION);

  it('normalizes the agent blocks that parse', () => {
    expect(result.ecosystem.agents.map((a) => a.name).sort()).toEqual([
      'TensorAIOS',
      'TensorAuditor',
      'TensorTrainingOrchestrator',
    ]);
    expect(result.ecosystem.title).toBe('L9 TensorAIOS Ecosystem - Complete Agent Schema Collection v6.0');
  });

  it('reports the PlastOSAdapter block at the line and column of the .md', () => {
    const first = result.diagnostics.find((d) => d.line === 416);
    expect(first).toMatchObject({
      code: 'L9E010',
      severity: 'error',
      file: COLLECTION,
      line: 416,
      column: 14,
    });
  });

  it('reports the extractor-map block at 1456:19', () => {
    expect(result.diagnostics.find((d) => d.line === 1456)).toMatchObject({
      code: 'L9E010',
      file: COLLECTION,
      column: 19,
    });
  });

  it('keeps every key it does not interpret, verbatim', () => {
    const tensor = result.ecosystem.agents.find((a) => a.name === 'TensorAIOS')!;
    expect(tensor.extensions['reasoningengine']).toMatchObject({
      framework: 'tensor_factorization_with_uncertainty',
    });
    expect(tensor.extensions['metadata']).toMatchObject({ versionhash: 'L9-tensoraios-v6.0.0' });
    expect(tensor.deployment['telemetry']).toBeDefined();
  });

  it('reads governance, memory, endpoints, modules and docs', () => {
    const tensor = result.ecosystem.agents.find((a) => a.name === 'TensorAIOS')!;
    expect(tensor.id).toBe('tensoraios');
    expect(tensor.governance).toMatchObject({
      anchors: ['Igor', 'System Oversight Committee'],
      mode: 'hybrid',
      humanoverride: true,
    });
    expect(tensor.memory.map((m) => m.layer)).toEqual([
      'workingmemory',
      'episodicmemory',
      'semanticmemory',
      'causalmemory',
      'longtermpersistence',
      'crossagentsharing',
    ]);
    expect(tensor.endpoints[0]).toEqual({
      name: 'score_candidates',
      path: '/tensoraios/v6/score',
      method: 'POST',
      timeout_ms: 500,
    });
    expect(tensor.endpoints.find((e) => e.name === 'trigger_retraining')?.auth).toBe('governance_token');
    expect(tensor.route_prefix).toBe('tensoraios');
    expect(tensor.modules.find((m) => m.source === 'tensor_scorer.py')?.name).toBe('tensor-scorer');
    expect(tensor.modules.find((m) => m.source === '__init__.py')?.name).toBe('index');
    expect(tensor.docs.map((d) => d.file)).toContain('API_SPEC.md');
  });
});

describe('the MainAgent multi-document stream', () => {
  it('merges its documents into one agent', () => {
    const result = ingest('example-L9_Tensor_MainAgent_Schema_v6.yaml');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [main] = result.ecosystem.agents;
    expect(main).toMatchObject({
      id: 'main-agent',
      name: 'MainAgent',
      module: 'coreagent',
      route_prefix: 'mainagent',
    });
    expect(main!.governance.anchors.length).toBeGreaterThan(0);
    expect(main!.extensions['packetrouting']).toBeDefined();
    expect(main!.endpoints.map((e) => e.path)).toContain('/mainagent/v6/packet');
  });

  it('together with the collection gives four agents', () => {
    const result = ingest(COLLECTION, 'example-L9_Tensor_MainAgent_Schema_v6.yaml');
    expect(result.ecosystem.agents.map((a) => a.id)).toEqual([
      'main-agent',
      'tensor-auditor',
      'tensor-training-orchestrator',
      'tensoraios',
    ]);
  });
});

describe('the nested dialect and the compact sympy schema', () => {
  it.each(['sample_simple_agent.yaml', 'sample_domain_adapter.yaml', 'sample_orchestrator.yaml'])(
    '%s normalizes',
    (name) => {
      const result = ingest(name);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.ecosystem.agents).toHaveLength(1);
      expect(result.ecosystem.agents[0]!.system).not.toBe('');
    },
  );

  it('sample_simple_agent reads its name from system.name', () => {
    expect(ingest('sample_simple_agent.yaml').ecosystem.agents[0]).toMatchObject({
      name: 'SimpleEchoAgent',
      id: 'simple-echo-agent',
      module: 'echo',
    });
  });

  it('sympy_schema_v6.yaml normalizes with its soft dependency linked externally', () => {
    const result = ingest('sympy_schema_v6.yaml');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [sympy] = result.ecosystem.agents;
    expect(sympy!.depends_on).toEqual({ hard: [], soft: ['governance'] });
    expect(sympy!.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /health',
      'POST /evaluate',
      'POST /generate_code',
      'POST /optimize',
    ]);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'L9I053', line: 70 }));
    expect(result.ecosystem.edges).toEqual([]);
  });
});
