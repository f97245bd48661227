export * from './diagnostic';
export * from './codes';
export * from './format-diagnostics';
export * from './codes';
