import type { SourcePosition, YamlPath } from '../yaml';

/**
 * An agent's raw content merged from one or more YAML documents, with a way to find where any key of it
 * was written (the merged documents may come from different places of one file).
 */
export interface AgentSource {
  value: Record<string, unknown>;
  /** Where the agent starts (its first document's first node). */
  origin: SourcePosition;
  locate(path: YamlPath, target?: 'key' | 'value'): SourcePosition;
  /** Where the character at `offset` of the (trimmed) string value at `path` was written. */
  locateInText(path: YamlPath, offset: number): SourcePosition;
}
