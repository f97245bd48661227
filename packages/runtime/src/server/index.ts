export * from './server-options';
export * from './server-hooks';
export * from './error-body';
export * from './backend-unavailable-error';
export * from './backend-health-check';
export * from './server-metrics';
export * from './packet-pipeline';
export * from './create-agent-server';
