export * from './mcp-origin';
export * from './mcp-route';
export * from './mcp-tool-result';
export * from './mcp-tools';
