import { canonicalize } from '../envelope/canonical-json';
import type { EscalationRecord } from '../governance/escalation-record';
import { heldWorkDigest, WORK_DIGEST_PATTERN } from '../governance/held-work-digest';
import type { HeldWork } from '../server/server-hooks';

/** An escalation as GET /<prefix>/escalations/:id answers it. */
export type ShownEscalation = EscalationRecord & { work_digest?: string };

/**
 * Why `body` is not an escalation the anchor can sign for (`id` of agent `agent` when pinned), or nothing when it
 * is. The digest is computed again here from the work shown: an anchor signs the work it read, never a digest it
 * has to take on trust.
 */
export function shownEscalationProblem(
  body: unknown,
  id: string,
  agent: string | undefined,
): string | undefined {
  const shown = body as Partial<ShownEscalation> | undefined;
  if (
    typeof shown !== 'object' ||
    shown === null ||
    typeof shown.decision?.agent !== 'string' ||
    !Array.isArray(shown.anchors)
  )
    return 'the answer is not an escalation';
  if (shown.id !== id) return `the answer is escalation ${String(shown.id)}, not ${id}`;
  if (agent !== undefined && shown.decision.agent !== agent)
    return `it belongs to agent "${shown.decision.agent}", not "${agent}" (--agent)`;
  if (shown.work === undefined)
    return shown.work_digest === undefined ? undefined : 'it shows a work_digest but no held work';
  if (typeof shown.work_digest !== 'string' || !WORK_DIGEST_PATTERN.test(shown.work_digest))
    return 'it holds work but shows no work_digest to sign';
  let digest: string;
  try {
    digest = heldWorkDigest(shown.work);
  } catch (error) {
    return `its held work has no canonical JSON form (${(error as Error).message})`;
  }
  return digest === shown.work_digest ? undefined : 'its work_digest is not the digest of the work it shows';
}

// Every name below comes from the caller who sent the work: quoted, with control and direction-changing characters
// escaped, so a crafted packet type cannot repaint the anchor's terminal and hide what is being signed.
const UNSAFE = /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

function quoted(value: unknown): string {
  return JSON.stringify(String(value)).replace(
    UNSAFE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function bytes(value: unknown): number {
  return Buffer.byteLength(canonicalize(value ?? null), 'utf8');
}

function describeWork(work: HeldWork): string[] {
  const lines =
    work.kind === 'packet'
      ? [
          `holds:     packet ${quoted(work.envelope.packet_type)} from ${quoted(work.envelope.source_agent)} (packet id ${quoted(work.envelope.packet_id)}), payload ${bytes(work.envelope.payload)} bytes`,
        ]
      : [
          `holds:     call of endpoint ${quoted(work.endpoint)} by ${quoted(work.caller)}, payload ${bytes(work.payload)} bytes`,
        ];
  if (work.callback_url) lines.push(`answer to: ${quoted(work.callback_url)}`);
  return lines;
}

/** A few lines that say what the anchor is about to sign for: the escalation, why it is held, the work and its digest. */
export function heldWorkSummary(escalation: ShownEscalation, action: string, anchor: string): string {
  const why = [
    ...(escalation.matched_rules ?? []).map((rule) => `rule ${rule.id}`),
    ...(escalation.triggers ?? []),
  ].map(quoted);
  return [
    `escalation ${quoted(escalation.id)} of agent ${quoted(escalation.decision.agent)}: ${quoted(escalation.status)}, action ${quoted(escalation.decision.action)}${why.length > 0 ? `, held for ${why.join(', ')}` : ''}`,
    ...(escalation.work ? describeWork(escalation.work) : ['holds:     no work (a decision only)']),
    ...(escalation.work_digest ? [`digest:    ${escalation.work_digest}`] : []),
    `signing:   ${action} as ${quoted(anchor)}`,
  ].join('\n');
}
