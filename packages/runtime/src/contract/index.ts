export * from './contract-issues';
export * from './endpoint-validator';
