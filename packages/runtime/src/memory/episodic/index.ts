export * from './episodic-log';
export * from './in-memory-episodic-log';
export * from './postgres-episodic-log';
