export * from './working-memory';
export * from './in-memory-working-memory';
export * from './redis-working-memory';
export { globToRegExp } from './glob-pattern';
