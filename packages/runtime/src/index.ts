export * from './backend-health';
export * from './envelope';
export * from './guards';
export * from './config';
export * from './audit';
export * from './governance';
export * from './client';
export * from './server';
