import { randomUUID } from 'node:crypto';
import type { BackendHealth } from '../../backend-health';
import type { JsonObject } from '../json-value';
import { requireNonEmpty } from '../json-value';
import { PostgresWrites } from '../postgres/postgres-writes';
import type { PostgresDatabase } from '../postgres/postgres-database';
import type {
  CausalExplanation,
  CausalHypergraph,
  CausalPath,
  Hyperedge,
  HyperedgeInput,
} from './causal-hypergraph';
import { explainEffect, strongestCausalPath } from './causal-walk';
import { checkHyperedge } from './hyperedge-input';

export interface PostgresCausalHypergraphOptions {
  db: PostgresDatabase;
}

interface HyperedgeRow {
  id: string;
  causes: string[];
  effects: string[];
  weight: number;
  label: string | null;
  evidence: JsonObject | null;
}

/** Causal hypergraph in PostgreSQL (`causal_hyperedges`, GIN-indexed cause and effect arrays). */
export class PostgresCausalHypergraph implements CausalHypergraph {
  private readonly writes: PostgresWrites;
  private readonly table: string;

  constructor(options: PostgresCausalHypergraphOptions) {
    this.writes = new PostgresWrites(options.db, 'causal-hypergraph');
    this.table = options.db.table('causal_hyperedges');
  }

  async addHyperedge(input: HyperedgeInput): Promise<string> {
    const checked = checkHyperedge(input);
    const id = randomUUID();
    await this.writes.write(
      `add hyperedge ${id}`,
      `INSERT INTO ${this.table} (id, causes, effects, weight, label, evidence) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING`,
      [id, checked.causes, checked.effects, checked.weight, checked.label ?? null, checked.evidence ?? null],
    );
    return id;
  }

  async causesOf(effect: string): Promise<Hyperedge[]> {
    return this.select('effects', requireNonEmpty(effect, 'causesOf(effect)'));
  }

  async effectsOf(cause: string): Promise<Hyperedge[]> {
    return this.select('causes', requireNonEmpty(cause, 'effectsOf(cause)'));
  }

  async explain(effect: string, depth?: number): Promise<CausalExplanation> {
    return explainEffect(effect, depth, (node) => this.causesOf(node));
  }

  async strongestPath(effect: string, depth?: number): Promise<CausalPath | null> {
    return strongestCausalPath(effect, depth, (node) => this.causesOf(node));
  }

  health(): Promise<BackendHealth> {
    return this.writes.health();
  }

  async close(): Promise<void> {
    // The pool is the database's, closed by whoever opened it.
  }

  private async select(column: 'causes' | 'effects', node: string): Promise<Hyperedge[]> {
    const rows = await this.writes.read<HyperedgeRow>(
      `SELECT id, causes, effects, weight, label, evidence FROM ${this.table}
        WHERE ${column} @> ARRAY[$1]::text[] ORDER BY weight DESC, seq ASC`,
      [node],
    );
    return rows.map((row) => {
      const hyperedge: Hyperedge = {
        id: row.id,
        causes: row.causes,
        effects: row.effects,
        weight: row.weight,
      };
      if (row.label !== null) hyperedge.label = row.label;
      if (row.evidence !== null) hyperedge.evidence = row.evidence;
      return hyperedge;
    });
  }
}
