export * from './source-region';
export * from './parsed-yaml-document';
export * from './parse-yaml-stream';
