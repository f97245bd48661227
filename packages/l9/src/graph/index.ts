export * from './dependency-graph';
export * from './analyze-graph';
export * from './find-cycles';
export * from './integration-matrix';
export * from './kahn-rounds';
