export * from './postgres-database';
export * from './migrations';
export { MEMORY_MIGRATIONS } from './memory-migrations';
export { isPgConnectionError } from './pg-errors';
export { checkSchemaName } from './schema-name';
