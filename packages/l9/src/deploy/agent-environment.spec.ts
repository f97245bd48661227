import { peerUrlVariable as runtimePeerUrlVariable } from '@l9/runtime';
import { agentEnvironment, peerUrlVariable } from './agent-environment';
import type { DeployedAgent } from './deployment-plan';

const agent = (id: string, port: number, peers: string[] = []): DeployedAgent => ({
  id,
  name: id,
  routePrefix: id,
  wave: 0,
  port,
  peers,
  projectRoot: `/w/agents/${id}`,
});

describe('agent environment', () => {
  it('names peer variables exactly as the runtime reads them (the deploy command and the deployment files both use this rule)', () => {
    for (const id of ['main-agent', 'tensoraios', 'a.b_c-9']) {
      expect(peerUrlVariable(id)).toBe(runtimePeerUrlVariable(id));
    }
  });

  it('gives an agent its port and its peers’ local URLs and keeps the backend variables it inherits', () => {
    const all = [agent('tensoraios', 9000), agent('main-agent', 9001, ['tensoraios'])];
    const env = agentEnvironment(all[1]!, all, { L9_REDIS_URL: 'redis://r:6379', L9_PORT: '1' });
    expect(env).toEqual({
      L9_REDIS_URL: 'redis://r:6379',
      L9_PORT: '9001',
      L9_HOST: '127.0.0.1',
      L9_PEER_TENSORAIOS_URL: 'http://127.0.0.1:9000',
    });
  });
});
