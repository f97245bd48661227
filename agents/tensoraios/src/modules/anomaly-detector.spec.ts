import { createTestRuntime, endpointValidator, type AgentRuntime } from '@l9/runtime';
import { blueprint } from '../generated/config';
import { endpoints } from '../generated/contract';
import type { DetectAnomalyRequest } from '../generated/endpoint-types';
import { createAnomalyDetector } from './anomaly-detector';

describe('anomaly-detector (domain module of TensorAIOS, serving detect_anomaly)', () => {
  const contract = endpoints.find((e) => e.name === 'detect_anomaly')!;
  const request: DetectAnomalyRequest = {
    "metric": "x",
    "readings": [
      {
        "at": "2026-01-01T00:00:00Z",
        "value": 0
      }
    ]
  };
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(blueprint);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('takes a call that meets the request schema and answers within the response schema', async () => {
    expect(endpointValidator(contract).validateRequest(request)).toEqual({ ok: true });
    const handler = createAnomalyDetector(runtime);
    const result = await handler.handle(request, { traceId: 'trace-1' });
    expect(endpointValidator(contract).validateResponse(result)).toEqual({ ok: true });
  });

  it('keeps the input in working memory and records an episode', async () => {
    await createAnomalyDetector(runtime).handle(request, { traceId: 'trace-1' });
    expect(await runtime.memory.working.get('anomaly-detector:last')).toEqual(request);
    const episodes = await runtime.memory.episodic.query({ kind: 'anomaly-detector' });
    expect(episodes.map((e) => e.trace_id)).toEqual(['trace-1']);
  });
});
