import type { AgentRuntime } from '../agent/agent-runtime';
import { EnvelopeError } from '../envelope/envelope-error';
import type { PacketEnvelope } from '../envelope/envelope-schema';
import { checkEnvelopeSize } from '../envelope/envelope-size';
import { readEnvelope } from '../envelope/read-envelope';
import { signEnvelope, verifyEnvelope } from '../envelope/sign-envelope';

export interface PacketValidatorOptions {
  /** Largest envelope accepted, in bytes; default the runtime's `L9_MAX_PACKET_BYTES`. */
  maxBytes?: number;
}

export type PacketCheck =
  | { ok: true; envelope: PacketEnvelope; bytes: number }
  | {
      ok: false;
      reason:
        'malformed' | 'too_large' | 'wrong_destination' | 'unsigned' | 'bad_signature' | 'content_mismatch';
      message: string;
      field?: string;
    };

/**
 * Checks envelopes the way this agent's packet route does, for packets that arrive some other way (a queue,
 * a file, a peer's reply): reads v2 or upgrades v1, checks size, destination, content hash and, when the
 * agent has a packet secret, the signature. Signs outgoing envelopes with the same secret.
 */
export class PacketValidatorRole {
  readonly maxBytes: number;

  constructor(
    private readonly runtime: AgentRuntime,
    options: PacketValidatorOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? runtime.config.limits.maxPacketBytes;
    if (!Number.isInteger(this.maxBytes) || this.maxBytes <= 0)
      throw new RangeError(`maxBytes must be a positive integer, got ${options.maxBytes}`);
  }

  check(raw: unknown): PacketCheck {
    let envelope: PacketEnvelope;
    try {
      envelope = readEnvelope(raw, { destinationAgent: this.runtime.identity.id });
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      return { ok: false, reason: 'malformed', message: error.message, field: error.field };
    }
    const size = checkEnvelopeSize(envelope, this.maxBytes);
    if (!size.ok)
      return {
        ok: false,
        reason: 'too_large',
        message: `envelope is ${size.bytes} bytes, over the limit of ${size.limit}`,
      };
    const { id, name } = this.runtime.identity;
    if (envelope.destination_agent !== id && envelope.destination_agent !== name) {
      return {
        ok: false,
        reason: 'wrong_destination',
        message: `envelope is addressed to '${envelope.destination_agent}', not to ${id}`,
        field: 'destination_agent',
      };
    }
    const verified = verifyEnvelope(envelope, this.runtime.config.auth.secret);
    if (verified.status !== 'ok')
      return {
        ok: false,
        reason: verified.status,
        message: `envelope failed verification: ${verified.status.replace(/_/g, ' ')}`,
      };
    return { ok: true, envelope, bytes: size.bytes };
  }

  /** Like `check`, but throws `EnvelopeError` naming the problem. */
  read(raw: unknown): PacketEnvelope {
    const result = this.check(raw);
    if (!result.ok) throw new EnvelopeError(result.field ?? '(envelope)', result.message);
    return result.envelope;
  }

  /** Signed with the agent's packet secret; unchanged when the agent has none. */
  sign(envelope: PacketEnvelope): PacketEnvelope {
    const secret = this.runtime.config.auth.secret;
    return secret ? signEnvelope(envelope, secret) : envelope;
  }
}
