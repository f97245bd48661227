import type { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit-types';
import { FileAuditStore } from '../audit/file-audit-store';
import type { BackendHealth } from '../backend-health';
import { ClaimWindow } from './replay-claim-window';
import type { ReplayClaim, ReplayGuard } from './replay-guard';

export interface AuditFileReplayGuardOptions {
  /** The agent's audit file (`L9_AUDIT_FILE`). */
  path: string;
  agentId: string;
  /** How long after its receipt a packet id is still claimed: the replay window plus the allowed clock skew. */
  ttlMs: number;
  /** The agent's audit log, where a failed packet's release is recorded. */
  audit: Pick<AuditLog, 'append'>;
  now?: () => number;
}

/** The audit action of a received packet (written by the server) and of a released claim (written here). */
export const PACKET_RECEIVED_ACTION = 'packet.received';
export const PACKET_RELEASED_ACTION = 'packet.released';

/**
 * Vouches, on an agent whose only persistent store is its audit file, for every packet id of the window: at
 * start it reads the file and keeps every `packet.received` id of the window (with its content hash), and it
 * keeps each id this run claims the same way, so a packet the server's replay cache drops (it is bounded, and
 * defers to a durable guard) is still refused. The ids it holds are the window's, as a restart would load them.
 *
 * A packet whose handler failed after it was audited must stay sendable after a restart: its release is
 * recorded as a `packet.released` entry, which the next start reads as "forget that id". Only failures with a
 * 5xx status write one: a 429 comes before the audit step, and writing an entry per rate-limited packet would
 * let a flood write the log the limit protects.
 *
 * The claims are kept compact, oldest first, and expired ones go as new ones come (replay-claim-window.ts).
 */
export class AuditFileReplayGuard implements ReplayGuard {
  readonly kind = 'file' as const;
  private readonly now: () => number;

  private constructor(
    private readonly options: AuditFileReplayGuardOptions,
    private readonly claims: ClaimWindow,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Reads the window's packet ids from the audit file; a file that cannot be read fails the start. */
  static async load(options: AuditFileReplayGuardOptions): Promise<AuditFileReplayGuard> {
    const now = (options.now ?? Date.now)();
    const store = new FileAuditStore({ path: options.path });
    let entries: AuditEntry[];
    try {
      entries = await store.entries();
    } finally {
      await store.close();
    }
    return new AuditFileReplayGuard(options, claimsInWindow(entries, options.agentId, options.ttlMs, now));
  }

  /** How many earlier packet ids the guard still holds. */
  get size(): number {
    return this.claims.size;
  }

  async claim(packetId: string, contentHash: string): Promise<ReplayClaim> {
    const now = this.now();
    this.claims.dropExpired(now);
    const earlier = this.claims.find(packetId, now);
    if (earlier)
      return this.claims.sameContent(earlier, contentHash) ? { status: 'seen' } : { status: 'conflict' };
    const seq = this.claims.add(packetId, contentHash, now + this.options.ttlMs);
    return {
      status: 'claimed',
      release: async (statusCode) => {
        this.claims.release(packetId, seq);
        if (statusCode < 500) return;
        await this.options.audit.append({
          agent: this.options.agentId,
          action: PACKET_RELEASED_ACTION,
          subject: packetId,
          data: { content_hash: contentHash, status: statusCode },
        });
      },
    };
  }

  async health(): Promise<BackendHealth> {
    return {
      name: 'replay-guard',
      kind: 'file',
      status: 'up',
      detail: `${this.claims.size} packet ids from ${this.options.path}`,
    };
  }

  async close(): Promise<void> {
    this.claims.clear();
  }
}

/**
 * Replays the file's packet entries in order: a receipt claims its id until `ttlMs` after it was written, a
 * release forgets it. An entry whose time cannot be read counts as received now, so it is kept, not dropped.
 */
function claimsInWindow(entries: AuditEntry[], agentId: string, ttlMs: number, now: number): ClaimWindow {
  const claims = new ClaimWindow();
  for (const entry of entries) {
    if (
      entry.agent !== agentId ||
      (entry.action !== PACKET_RECEIVED_ACTION && entry.action !== PACKET_RELEASED_ACTION)
    )
      continue;
    const data =
      entry.data !== null && typeof entry.data === 'object' && !Array.isArray(entry.data) ? entry.data : {};
    const packetId = typeof data['packet_id'] === 'string' ? data['packet_id'] : entry.subject;
    const contentHash = data['content_hash'];
    if (!packetId || typeof contentHash !== 'string') continue;
    if (entry.action === PACKET_RELEASED_ACTION) {
      const claim = claims.find(packetId, now);
      if (claim && claims.sameContent(claim, contentHash)) claims.release(packetId, claim.seq);
      continue;
    }
    const written = Date.parse(entry.at);
    const expiresAt = (Number.isNaN(written) ? now : written) + ttlMs;
    if (expiresAt > now) claims.add(packetId, contentHash, expiresAt);
  }
  return claims;
}
