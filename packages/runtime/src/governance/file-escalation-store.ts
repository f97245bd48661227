import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { replaceFile } from '../audit/replace-file';
import type { BackendHealth } from '../backend-health';
import { BackendUnavailableError } from '../server/backend-unavailable-error';
import type {
  EscalationOutcome,
  EscalationRecord,
  EscalationResolution,
  EscalationStatus,
  OutcomeDelivery,
} from './escalation-record';
import type {
  CreateOutcome,
  EscalationPage,
  EscalationQuery,
  EscalationStore,
  ResolveOutcome,
} from './escalation-store';
import { EscalationTable, type Planned } from './escalation-table';

export interface FileEscalationStoreOptions {
  /** JSON-lines file; created with its directory if missing. */
  path: string;
  name?: string;
}

/** `/var/l9/tensoraios-audit.jsonl` → `/var/l9/tensoraios-audit.escalations.jsonl`: the escalations live beside the audit file. */
export function escalationFileBeside(auditFile: string): string {
  return join(dirname(auditFile), `${basename(auditFile, extname(auditFile))}.escalations.jsonl`);
}

/**
 * Escalations in a JSON-lines file, for agents that persist to disk (`L9_AUDIT_FILE`) without PostgreSQL.
 *
 * Every change appends the whole new record as one line and is fsync'd before it is acknowledged; the last
 * line of an id wins when the file is read at start. A crash mid-write leaves at most a torn last line, which
 * was never acknowledged and is cut off at start; a damaged line anywhere else stops the start, naming it.
 * Changes are serialized in process and each is a compare-and-set over the state the file holds, so it
 * assumes one agent process per file (as every agent has its own). At start the file is rewritten compactly
 * (one line per record, written aside, fsync'd and renamed over) when superseded lines dominate it.
 */
export class FileEscalationStore implements EscalationStore {
  readonly path: string;
  private readonly name: string;
  private state?: Promise<{ table: EscalationTable; handle: FileHandle }>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: FileEscalationStoreOptions) {
    this.path = options.path;
    this.name = options.name ?? 'governance-escalations';
  }

  private load(): Promise<{ table: EscalationTable; handle: FileHandle }> {
    this.state ??= (async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const { table, lines } = await this.readTable();
      if (lines > 2 * table.size + 16) await this.rewrite(table);
      return { table, handle: await open(this.path, 'a') };
    })();
    this.state.catch(() => {
      this.state = undefined;
    });
    return this.state;
  }

  private async readTable(): Promise<{ table: EscalationTable; lines: number }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { table: new EscalationTable(), lines: 0 };
      throw error;
    }
    const complete = text.lastIndexOf('\n') + 1;
    // Bytes after the last newline are a write the crash interrupted: never fsync'd whole, never acknowledged.
    if (complete < text.length) await truncate(this.path, Buffer.byteLength(text.slice(0, complete)));
    const table = new EscalationTable();
    const lines = text.slice(0, complete).split('\n').slice(0, -1);
    lines.forEach((line, index) => {
      let record: EscalationRecord;
      try {
        record = JSON.parse(line) as EscalationRecord;
      } catch (error) {
        throw new Error(
          `escalation file ${this.path}, line ${index + 1}: not JSON (${(error as Error).message}); the file was damaged or edited`,
        );
      }
      if (typeof record?.id !== 'string' || typeof record.decision !== 'object') {
        throw new Error(
          `escalation file ${this.path}, line ${index + 1}: not an escalation record; the file was damaged or edited`,
        );
      }
      table.put(record);
    });
    return { table, lines: lines.length };
  }

  private async rewrite(table: EscalationTable): Promise<void> {
    await replaceFile(
      this.path,
      table
        .all()
        .map((record) => `${JSON.stringify(record)}\n`)
        .join(''),
      `${this.path}.rewrite`,
    );
  }

  /** One change at a time, each reading the state the previous one left. */
  private exclusive<T>(change: (table: EscalationTable) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => change((await this.load()).table));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Appends the record and fsyncs; only then does the table (what readers see) change. */
  private async persist(record: EscalationRecord): Promise<void> {
    const { table, handle } = await this.load();
    try {
      await handle.write(`${JSON.stringify(record)}\n`);
      await handle.datasync();
    } catch (error) {
      // What reached the file is unknown: reload it (cutting a torn line) before the next change.
      this.state = undefined;
      await handle.close().catch(() => undefined);
      throw new BackendUnavailableError(this.name, `cannot write ${this.path}: ${(error as Error).message}`);
    }
    table.put(record);
  }

  create(record: EscalationRecord): Promise<CreateOutcome> {
    return this.exclusive(async (table) => {
      const outcome = table.planCreate(record);
      if (outcome.kind === 'created') await this.persist(outcome.record);
      return outcome;
    });
  }

  async get(id: string): Promise<EscalationRecord | undefined> {
    return (await this.load()).table.get(id);
  }

  async findByPacketId(packetId: string): Promise<EscalationRecord | undefined> {
    return (await this.load()).table.findByPacketId(packetId);
  }

  async list(query: EscalationQuery): Promise<EscalationPage> {
    return (await this.load()).table.list(query);
  }

  resolve(
    id: string,
    status: Exclude<EscalationStatus, 'paused'>,
    resolution: EscalationResolution,
    outcome?: EscalationOutcome,
  ): Promise<ResolveOutcome> {
    return this.exclusive(async (table) => {
      const planned = table.planResolve(id, status, resolution, outcome);
      if (planned.kind === 'resolved') await this.persist(planned.record);
      return planned;
    });
  }

  claim(id: string, at: string): Promise<EscalationRecord | undefined> {
    return this.exclusive((table) => this.commit(table.planClaim(id, at)));
  }

  finish(id: string, outcome: EscalationOutcome): Promise<EscalationRecord | undefined> {
    return this.exclusive((table) => this.commit(table.planFinish(id, outcome)));
  }

  markDelivered(
    id: string,
    deliveries: OutcomeDelivery[],
    at: string,
  ): Promise<EscalationRecord | undefined> {
    return this.exclusive((table) => this.commit(table.planDelivered(id, deliveries, at)));
  }

  async unsettled(): Promise<EscalationRecord[]> {
    return (await this.load()).table.unsettled();
  }

  private async commit(planned: Planned): Promise<EscalationRecord | undefined> {
    if (planned.kind !== 'apply') return undefined;
    await this.persist(planned.record);
    return planned.record;
  }

  async health(): Promise<BackendHealth> {
    try {
      await this.load();
      return { name: this.name, kind: 'file', status: 'up' };
    } catch (error) {
      return { name: this.name, kind: 'file', status: 'down', detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.queue;
    const state = this.state;
    this.state = undefined;
    if (state) await (await state.catch(() => undefined))?.handle.close();
  }
}
