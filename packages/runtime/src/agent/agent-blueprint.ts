import type { AgentIdentity } from '../server/server-options';

/** Another agent this one talks to, as the locked plan places it. */
export interface PeerAgent {
  id: string;
  name: string;
  routePrefix: string;
  /** Local port from the plan; `L9_PEER_<ID>_URL` overrides the whole base URL. */
  port: number;
  kind: 'hard' | 'soft';
}

/**
 * What a generated agent declares about itself (its `src/generated/contract.ts`): everything the runtime
 * needs to build the agent's infrastructure. Values come from the agent's schema and the meta templates.
 */
export interface AgentBlueprint {
  identity: AgentIdentity;
  /** Default port from the locked plan; `L9_PORT` overrides it. */
  port: number;
  governance: {
    anchors: string[];
    mode: 'autonomous' | 'supervised' | 'hybrid';
    humanoverride: boolean;
    /** Free text as written in the schema; parsed into rules by the governance module. */
    escalationpolicy?: string;
  };
  memory: {
    /** Working-memory keyspace pattern, e.g. `tensoraios:working:*`. */
    keyspace?: string;
    /** Working-memory TTL as written, e.g. `1hr` (from "TTL=1hr"). */
    ttl?: string;
    /** Episodic retention as written, e.g. `90 days`. */
    retention?: string;
  };
  /** What the audit log must cover (the schema's `auditscope`). */
  auditScope: string[];
  /** Feature flag defaults from the meta templates; `L9_ENABLE_*` variables override them. */
  featureFlags: Record<string, boolean>;
  peers: PeerAgent[];
}
