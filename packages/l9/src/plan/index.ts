export * from './agent-steps';
export * from './agents-dir';
export * from './canonical-json';
export * from './lock-plan';
export * from './render-locked-todo';
export * from './plan-ecosystem';
export * from './plan-options-from-meta';
