export * from './event-stream';
export * from './in-process-event-stream';
export * from './redis-event-stream';
export { StreamValidationError } from './stream-input';
