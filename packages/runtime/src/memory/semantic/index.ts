export * from './semantic-graph';
export * from './in-memory-semantic-graph';
export * from './postgres-semantic-graph';
export * from './neo4j-semantic-graph';
