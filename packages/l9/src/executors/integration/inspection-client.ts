import { agentBaseUrl, type DeployedAgent } from '../../deploy';
import { fetchRetryingStaleSocket } from './stale-socket-fetch';

/** The parts of a PacketEnvelope the matrix checks. */
export interface Envelope {
  packet_id: string;
  packet_type: string;
  source_agent: string;
  destination_agent: string;
  payload: Record<string, unknown>;
  metadata: { trace_id: string; governance_flags?: string[] };
  lineage: { parent_ids: string[]; root_packet_id: string; generation: number };
}

export interface AuditEntryView {
  seq: number;
  agent: string;
  action: string;
  subject: string | null;
  data: Record<string, unknown> | null;
}

export interface EpisodeView {
  kind: string;
  packet_id?: string;
  trace_id?: string;
}

export interface EscalationView {
  id: string;
  status: string;
  decision: { packet_id?: string; governance_flags?: string[] };
}

/** `GET /<prefix>/inspection`: how the agent governs and who reads its topic. */
export interface AgentProfile {
  agent: string;
  /** `calm_signals`: every signal the agent's rules compare, valued to meet none; probes carry them. */
  governance: {
    mode: 'autonomous' | 'supervised' | 'hybrid';
    escalation_flags: string[];
    calm_signals?: Record<string, number | boolean>;
  };
  stream: { topic: string; consumer: 'module' | 'inspection-inbox' | 'none' };
}

export interface SendRequest {
  to: string;
  route_prefix: string;
  via: 'rest' | 'stream';
  packet_type: string;
  payload: Record<string, unknown>;
  governance_flags?: string[];
}

export interface SendResult {
  envelope: Envelope;
  reply?: { status: number; envelope: Envelope };
  published?: { topic: string; message_id: string };
}

/** A request to an agent's inspection or governance routes that did not give the expected answer. */
export class InspectionRequestError extends Error {}

/** Talks to one running agent's inspection routes (`L9_ENABLE_INSPECTION=true`) and its escalations. */
export class InspectionClient {
  private readonly base: string;

  /** `callerToken` is sent as `Authorization: Bearer`: reading escalations takes one while packet auth is on. */
  constructor(
    readonly agent: Pick<DeployedAgent, 'id' | 'name' | 'port' | 'routePrefix'>,
    private readonly callerToken?: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.base = `${agentBaseUrl(agent)}/${agent.routePrefix}`;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const headers: Record<string, string> = this.callerToken
      ? { authorization: `Bearer ${this.callerToken}` }
      : {};
    if (body) headers['content-type'] = 'application/json';
    const init: RequestInit = {
      method,
      headers,
      signal: AbortSignal.timeout(this.timeoutMs),
      ...(body ? { body: JSON.stringify(body) } : {}),
    };
    const response = await fetchRetryingStaleSocket(`${this.base}${path}`, init);
    const text = await response.text();
    if (response.status !== 200)
      throw new InspectionRequestError(
        `${method} ${this.base}${path} on ${this.agent.name} answered ${response.status}: ${text.slice(0, 300)}`,
      );
    return JSON.parse(text) as T;
  }

  profile(): Promise<AgentProfile> {
    return this.request('GET', '/inspection');
  }

  send(request: SendRequest): Promise<SendResult> {
    return this.request('POST', '/inspection/send', request);
  }

  async audit(subject: string): Promise<{ entries: AuditEntryView[]; chain_ok: boolean }> {
    return this.request('GET', `/inspection/audit?subject=${encodeURIComponent(subject)}`);
  }

  async episodes(packetId: string): Promise<EpisodeView[]> {
    return (
      await this.request<{ episodes: EpisodeView[] }>(
        'GET',
        `/inspection/episodes?packet_id=${encodeURIComponent(packetId)}`,
      )
    ).episodes;
  }

  /** Every paused escalation, following the list's pages (at most 100 a page). */
  async pausedEscalations(): Promise<EscalationView[]> {
    const all: EscalationView[] = [];
    let cursor: string | null = null;
    do {
      const page: { escalations: EscalationView[]; next_cursor?: string | null } = await this.request(
        'GET',
        `/escalations?status=paused&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...page.escalations);
      cursor = page.next_cursor ?? null;
    } while (cursor);
    return all;
  }
}
