export * from './config-error';
export * from './runtime-config-schema';
export * from './load-runtime-config';
export * from './network-exposure';
