export * from './backoff';
export * from './agent-request-error';
export * from './agent-client';
