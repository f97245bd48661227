export * from './agent-steps';
export * from './agents-dir';
export * from './lock-plan';
export * from './render-locked-todo';
export * from './plan-ecosystem';
export * from './plan-lock-format';
export * from './plan-options-from-meta';
