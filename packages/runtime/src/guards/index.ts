export * from './token-bucket';
export * from './rate-limiter';
export * from './output-bounds';
export * from './payload-size';
export * from './feature-flags';
export * from './unstorable-text';
