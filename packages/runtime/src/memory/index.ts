export * from './working';
export * from './episodic';
export * from './semantic';
export * from './causal';
export * from './postgres';
export * from './create-memory-layers';
// BackendUnavailableError is the server's (`isBackendUnavailable` matches both by name).
export { MemoryValidationError } from './errors';
export { type Clock, systemClock } from './clock';
export { keyspacePrefix } from './keyspace';
export { parseRetention } from './parse-retention';
export { parseTtl } from './parse-ttl';
export { WriteThrough, type WriteThroughOptions } from './write-through';
export { connectRedis, isRedisConnectionError } from './redis-client';
