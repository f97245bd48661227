import { AgentClient, type PacketReply } from '../client';
import { createEnvelope } from '../envelope/create-envelope';
import { deriveChildEnvelope } from '../envelope/derive-child-envelope';
import type { JsonObject, PacketEnvelope } from '../envelope/envelope-schema';
import type { PeerAgent } from './agent-blueprint';

/** Env variable that overrides a peer's base URL: `L9_PEER_MAIN_AGENT_URL` for `main-agent`. */
export function peerUrlVariable(id: string): string {
  return `L9_PEER_${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;
}

export interface SendOptions {
  /** The envelope being answered or forwarded: the new one becomes its child (lineage, trace id). */
  parent?: PacketEnvelope;
  governanceFlags?: string[];
  timeoutMs?: number;
}

/** The agents this one may call, each reached through a client that signs, times out and retries. */
export class PeerDirectory {
  private readonly clients = new Map<string, AgentClient>();

  constructor(
    private readonly peers: readonly PeerAgent[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly sourceAgent: string,
    private readonly secret: string | undefined,
  ) {}

  list(): readonly PeerAgent[] {
    return this.peers;
  }

  find(idOrName: string): PeerAgent | undefined {
    return this.peers.find((p) => p.id === idOrName || p.name === idOrName);
  }

  baseUrl(peer: PeerAgent): string {
    return this.env[peerUrlVariable(peer.id)] ?? `http://127.0.0.1:${peer.port}`;
  }

  /** `L9_PEER_<ID>_URL` as this agent's environment sets it, for any agent id, declared peer or not. */
  configuredUrl(id: string): string | undefined {
    return this.env[peerUrlVariable(id)] || undefined;
  }

  private require(idOrName: string): PeerAgent {
    const peer = this.find(idOrName);
    if (!peer)
      throw new Error(
        `'${idOrName}' is not a peer of ${this.sourceAgent}; peers: ${this.peers.map((p) => p.id).join(', ') || 'none'}`,
      );
    return peer;
  }

  client(idOrName: string): AgentClient {
    const peer = this.require(idOrName);
    let client = this.clients.get(peer.id);
    if (!client) {
      client = new AgentClient({ baseUrl: this.baseUrl(peer), secret: this.secret });
      this.clients.set(peer.id, client);
    }
    return client;
  }

  /** Sends a packet to a peer's `POST /<prefix>/packets`; a child of `parent` when one is given. */
  async send(
    idOrName: string,
    packetType: string,
    payload: JsonObject,
    options: SendOptions = {},
  ): Promise<PacketReply> {
    const peer = this.require(idOrName);
    const envelope = options.parent
      ? deriveChildEnvelope(options.parent, {
          packet_type: packetType,
          source_agent: this.sourceAgent,
          destination_agent: peer.id,
          payload,
          ...(options.governanceFlags ? { governance_flags: options.governanceFlags } : {}),
        })
      : createEnvelope({
          packet_type: packetType,
          source_agent: this.sourceAgent,
          destination_agent: peer.id,
          payload,
          ...(options.governanceFlags ? { governance_flags: options.governanceFlags } : {}),
        });
    return this.client(peer.id).sendPacket(
      envelope,
      peer.routePrefix,
      options.timeoutMs ? { timeoutMs: options.timeoutMs } : {},
    );
  }
}
