export * from './working';
export * from './episodic';
export * from './semantic';
export * from './causal';
export * from './postgres';
export * from './create-memory-layers';
// BackendUnavailableError is the server's (`isBackendUnavailable` matches both by name); the rest are memory's own.
export { MemoryValidationError, OutboxFullError, OutboxNotDrainedError } from './errors';
export { type Clock, systemClock } from './clock';
export { keyspacePrefix } from './keyspace';
export { parseRetention } from './parse-retention';
export { parseTtl } from './parse-ttl';
export { WriteOutbox, type OutboxOptions, type WriteOutcome } from './outbox';
export { connectRedis, isRedisConnectionError } from './redis-client';
