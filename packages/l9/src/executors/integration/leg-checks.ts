import type { Envelope } from './inspection-client';

export type LegStatus = 'pass' | 'fail' | 'n/a';

/** One aspect of a pair: what was sent, and every expectation it missed (none when it passed). */
export interface LegResult {
  status: LegStatus;
  failures: string[];
  packet_id?: string;
  trace_id?: string;
  /** Why a leg does not apply. */
  note?: string;
}

/** Collects failed expectations of one leg; a thrown error (an agent not answering) is one more failure. */
export class LegChecks {
  readonly failures: string[] = [];
  packetId: string | undefined;
  traceId: string | undefined;

  expect(condition: boolean, failure: string): boolean {
    if (!condition) this.failures.push(failure);
    return condition;
  }

  result(): LegResult {
    return {
      status: this.failures.length === 0 ? 'pass' : 'fail',
      failures: this.failures,
      ...(this.packetId ? { packet_id: this.packetId } : {}),
      ...(this.traceId ? { trace_id: this.traceId } : {}),
    };
  }

  static notApplicable(reason: string): LegResult {
    return { status: 'n/a', failures: [], note: reason };
  }
}

/** Runs `body`; an exception becomes a failure of the leg instead of ending the matrix. */
export async function runLeg(checks: LegChecks, body: () => Promise<void>): Promise<LegResult> {
  try {
    await body();
  } catch (error) {
    checks.failures.push((error as Error).message);
  }
  return checks.result();
}

/** The answer is a child of the request: its parent, same trace, same root, one generation down. */
export function checkLineage(lineage: LegChecks, label: string, request: Envelope, answer: Envelope): void {
  lineage.expect(
    answer.lineage.parent_ids.includes(request.packet_id),
    `${label}: answer ${answer.packet_id} does not name ${request.packet_id} as parent`,
  );
  lineage.expect(
    answer.metadata.trace_id === request.metadata.trace_id,
    `${label}: answer trace ${answer.metadata.trace_id} differs from ${request.metadata.trace_id}`,
  );
  lineage.expect(
    answer.lineage.root_packet_id === request.lineage.root_packet_id,
    `${label}: answer root ${answer.lineage.root_packet_id} is not ${request.lineage.root_packet_id}`,
  );
  lineage.expect(
    answer.lineage.generation === request.lineage.generation + 1,
    `${label}: answer generation ${answer.lineage.generation} is not ${request.lineage.generation + 1}`,
  );
}
