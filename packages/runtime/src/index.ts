export * from './backend-health';
