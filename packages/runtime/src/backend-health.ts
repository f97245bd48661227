/**
 * Health of one backend an agent depends on (a memory layer, the event stream, the audit store).
 * Every backend reports through this shape so `/status` and `/health` can aggregate them uniformly.
 */
export type BackendKind = 'memory' | 'redis' | 'postgres' | 'neo4j' | 'file';

export interface BackendHealth {
  /** Logical name, e.g. `working-memory`, `episodic-log`, `event-stream`, `audit-log`. */
  name: string;
  /** Which implementation is serving it. */
  kind: BackendKind;
  status: 'up' | 'down';
  /** Why it is down, or a short note (e.g. pending writes buffered while down). */
  detail?: string;
}

/** Anything the agent server can ask for its health and close on shutdown. */
export interface Backend {
  health(): Promise<BackendHealth>;
  close(): Promise<void>;
}
