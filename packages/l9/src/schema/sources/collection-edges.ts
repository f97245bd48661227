import type { Diagnostic } from '../../diagnostics';
import type { AgentSource } from '../normalize/agent-source';

/** An edge as written in an extractor map or glue layer, before its names are resolved to agents. */
export interface WrittenEdge {
  from: string;
  to: string;
  kind: 'hard' | 'soft';
  reason?: string;
  path: (string | number)[];
}

const EDGE = /^\s*(.+?)\s*(->>|->)\s*(.+?)\s*(?:\((.*)\))?\s*$/;

/**
 * Edges of an extractor map: `dependency_graph.edges` entries `A -> B (reason)` (hard: A is needed before
 * B) and `A ->> B (reason)` (soft: orders A before B when that closes no cycle).
 */
export function extractorMapEdges(source: AgentSource): { edges: WrittenEdge[]; diagnostics: Diagnostic[] } {
  const graph = source.value['dependency_graph'];
  const entries =
    typeof graph === 'object' && graph !== null ? (graph as Record<string, unknown>)['edges'] : undefined;
  const edges: WrittenEdge[] = [];
  const diagnostics: Diagnostic[] = [];
  if (entries === undefined) return { edges, diagnostics };
  if (!Array.isArray(entries)) {
    diagnostics.push({
      code: 'L9E021',
      severity: 'error',
      message: 'dependency_graph.edges: expected a list',
      ...source.locate(['dependency_graph', 'edges']),
    });
    return { edges, diagnostics };
  }
  entries.forEach((entry, index) => {
    const path = ['dependency_graph', 'edges', index];
    const match = typeof entry === 'string' ? EDGE.exec(entry) : null;
    if (!match) {
      diagnostics.push({
        code: 'L9E043',
        severity: 'error',
        message: `edge ${JSON.stringify(entry)} is not of the form 'A -> B (reason)'`,
        hint: '`->` for a hard dependency, `->>` for a soft one',
        ...source.locate(path),
      });
      return;
    }
    const [, from, arrow, to, reason] = match;
    edges.push({
      from: from!,
      to: to!,
      kind: arrow === '->>' ? 'soft' : 'hard',
      ...(reason ? { reason: reason.trim() } : {}),
      path,
    });
  });
  return { edges, diagnostics };
}

/** Edges of a glue layer: each wiring `from_agent` calls `to_agent`, so `to_agent` is needed first. */
export function glueLayerEdges(source: AgentSource): { edges: WrittenEdge[]; diagnostics: Diagnostic[] } {
  const wirings = source.value['wirings'];
  const edges: WrittenEdge[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!Array.isArray(wirings)) {
    diagnostics.push({
      code: 'L9E021',
      severity: 'error',
      message: 'wirings: expected a list',
      ...source.locate(['wirings']),
    });
    return { edges, diagnostics };
  }
  wirings.forEach((wiring, index) => {
    const record = (typeof wiring === 'object' && wiring !== null ? wiring : {}) as Record<string, unknown>;
    const from = record['from_agent'];
    const to = record['to_agent'];
    if (typeof from !== 'string' || typeof to !== 'string') {
      diagnostics.push({
        code: 'L9E021',
        severity: 'error',
        message: 'a wiring needs from_agent and to_agent',
        ...source.locate(['wirings', index]),
      });
      return;
    }
    const type =
      typeof record['connection_type'] === 'string' ? (record['connection_type'] as string) : undefined;
    edges.push({
      from: to,
      to: from,
      kind: 'hard',
      ...(type ? { reason: type } : {}),
      path: ['wirings', index, 'from_agent'],
    });
  });
  return { edges, diagnostics };
}
