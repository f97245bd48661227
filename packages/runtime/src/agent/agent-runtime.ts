import type { Logger } from 'pino';
import type { A2AStores } from '../a2a/a2a-stores';
import type { AgentSigningKey } from '../a2a/agent-signing-key';
import type { AuditLog } from '../audit';
import type { Backend } from '../backend-health';
import type { RuntimeConfig } from '../config/load-runtime-config';
import type { NetworkRequirements } from '../config/network-exposure';
import type { Governance } from '../governance';
import type { FeatureFlags } from '../guards/feature-flags';
import type { MemoryLayers } from '../memory';
import type { ReplayGuard } from '../server/replay-guard';
import type { AgentIdentity } from '../server/server-options';
import type { EventStream } from '../stream';
import type { AgentBlueprint } from './agent-blueprint';
import type { OperationRegistry } from './operation-registry';
import type { PeerDirectory } from './peer-directory';

/**
 * Everything one agent runs on, built once from its blueprint and the environment: the infrastructure its
 * modules use. In-process backends unless `L9_REDIS_URL` / `L9_POSTGRES_URL` / `L9_NEO4J_URL` are set.
 */
export interface AgentRuntime {
  readonly blueprint: AgentBlueprint;
  readonly identity: AgentIdentity;
  readonly config: RuntimeConfig;
  /** What listening beyond loopback would still need (checked again where the agent listens), and `L9_ALLOW_INSECURE`. */
  readonly network: NetworkRequirements;
  /** Blueprint defaults overridden by `L9_ENABLE_*` variables. */
  readonly flags: FeatureFlags;
  readonly log: Logger;
  readonly memory: MemoryLayers;
  readonly stream: EventStream;
  readonly governance: Governance;
  readonly audit: AuditLog;
  /** The durable store vouching for packet ids across restarts (packet auth on and a persistent store only). */
  readonly replay?: ReplayGuard;
  readonly operations: OperationRegistry;
  readonly peers: PeerDirectory;
  /** The A2A side: where its tasks are kept, and the key that signs its Agent Card (`L9_AGENT_SIGNING_KEY`). */
  readonly a2a: { readonly stores: A2AStores; readonly signingKey: AgentSigningKey };
  /** Tokens for endpoints that declare `auth_required`, from `L9_TOKEN_<NAME>`. */
  readonly endpointTokens: Readonly<Record<string, string>>;
  /** Named backends for `/status` and `/health`. */
  backends(): Record<string, Backend>;
  /** Closes every backend; flushes what was buffered first. */
  close(): Promise<void>;
}
