export * from './causal-hypergraph';
export * from './in-memory-causal-hypergraph';
export * from './postgres-causal-hypergraph';
export { explainEffect, strongestCausalPath } from './causal-walk';
