import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AgentIdentity } from './server-options';

/**
 * Metrics of one agent server on its own Registry (never the global one), so several agents can live in one
 * process and each `/metrics` shows only its own series. The same numbers back the counters in `/status`.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private accepted = 0;
  private replays = 0;
  private readonly rejected = new Map<string, number>();
  private readonly acceptedCounter: Counter;
  private readonly rejectedCounter: Counter<'reason'>;
  private readonly replayCounter: Counter;
  private readonly publishFailures: Counter;
  readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly backendUp: Gauge<'backend'>;
  /** Histogram children by method, route and status: resolving labels on every request costs a hash each time. */
  private readonly durationByLabels = new Map<string, { observe(seconds: number): void }>();

  constructor(identity: AgentIdentity, withDefaultMetrics: boolean) {
    this.registry.setDefaultLabels({ agent: identity.id });
    const registers = [this.registry];
    new Gauge({
      name: 'l9_agent_info',
      help: 'Identity of this agent (always 1)',
      labelNames: ['version'],
      registers,
    }).set({ version: identity.version }, 1);
    this.acceptedCounter = new Counter({
      name: 'l9_packets_accepted_total',
      help: 'Packets processed',
      registers,
    });
    this.rejectedCounter = new Counter({
      name: 'l9_packets_rejected_total',
      help: 'Packets rejected, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.replayCounter = new Counter({
      name: 'l9_packets_idempotent_replays_total',
      help: 'Retries answered with the first response',
      registers,
    });
    this.publishFailures = new Counter({
      name: 'l9_event_publish_failures_total',
      help: 'Events that could not be published',
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'l9_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.backendUp = new Gauge({
      name: 'l9_backend_up',
      help: 'Backend health at the last check (1 up, 0 down)',
      labelNames: ['backend'],
      registers,
    });
    if (withDefaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one HTTP request's duration; `route` is the route pattern, so the label set stays bounded. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${statusCode} ${route}`;
    let child = this.durationByLabels.get(key);
    if (!child) {
      child = this.requestDuration.labels({ method, route, status_code: String(statusCode) });
      this.durationByLabels.set(key, child);
    }
    child.observe(seconds);
  }

  packetAccepted(): void {
    this.accepted += 1;
    this.acceptedCounter.inc();
  }

  packetRejected(reason: string): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    this.rejectedCounter.inc({ reason });
  }

  idempotentReplay(): void {
    this.replays += 1;
    this.replayCounter.inc();
  }

  publishFailed(): void {
    this.publishFailures.inc();
  }

  snapshot(): {
    accepted: number;
    rejected: number;
    rejected_by_reason: Record<string, number>;
    idempotent_replays: number;
  } {
    const byReason = Object.fromEntries([...this.rejected.entries()].sort(([a], [b]) => a.localeCompare(b)));
    const rejected = [...this.rejected.values()].reduce((sum, count) => sum + count, 0);
    return {
      accepted: this.accepted,
      rejected,
      rejected_by_reason: byReason,
      idempotent_replays: this.replays,
    };
  }
}
