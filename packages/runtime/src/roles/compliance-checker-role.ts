import type { AgentRuntime } from '../agent/agent-runtime';
import type { AuditVerification } from '../audit/verify-audit-log';
import type { JsonValue } from '../envelope/envelope-schema';

export interface ComplianceFinding {
  severity: 'error' | 'warning' | 'info';
  code: 'audit_chain' | 'scope_uncovered' | 'escalations_paused';
  message: string;
}

export interface ComplianceReport {
  agent: string;
  /** No error finding: the audit chain verifies. */
  compliant: boolean;
  chain: AuditVerification;
  /** Audit entries recorded through this checker per scope item since the agent started. */
  coverage: Record<string, number>;
  findings: ComplianceFinding[];
}

export class ComplianceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComplianceError';
  }
}

/**
 * Holds the agent to its audit scope (the schema's `auditscope`): events of a scope item are recorded in the
 * hash-chained audit log under that item's name, events outside the scope are refused, and a report checks
 * the chain end to end and says which scope items have not been evidenced yet.
 */
export class ComplianceCheckerRole {
  readonly scope: readonly string[];
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly runtime: AgentRuntime,
    options: { scope?: string[] } = {},
  ) {
    this.scope = [...(options.scope ?? runtime.blueprint.auditScope)];
    for (const item of this.scope) this.counts.set(item, 0);
  }

  inScope(item: string): boolean {
    return this.counts.has(item);
  }

  /** Appends an event of a scope item to the audit log; resolves to its sequence number. */
  async record(item: string, subject: string | null, data: JsonValue = null): Promise<number> {
    if (!this.inScope(item)) {
      throw new ComplianceError(
        `'${item}' is outside the audit scope of ${this.runtime.identity.name} (${this.scope.join(', ') || 'empty'})`,
      );
    }
    const entry = await this.runtime.audit.append({
      agent: this.runtime.identity.id,
      action: item,
      subject,
      data,
    });
    this.counts.set(item, (this.counts.get(item) ?? 0) + 1);
    return entry.seq;
  }

  async check(): Promise<ComplianceReport> {
    const chain = await this.runtime.audit.verify();
    const findings: ComplianceFinding[] = chain.problems.map((problem) => ({
      severity: 'error',
      code: 'audit_chain',
      message: `audit entry ${problem.seq} ${problem.kind}: ${problem.message}`,
    }));
    const coverage = Object.fromEntries(this.counts);
    for (const [item, count] of this.counts) {
      if (count === 0)
        findings.push({
          severity: 'warning',
          code: 'scope_uncovered',
          message: `no audit entry for '${item}' yet`,
        });
    }
    const paused = await this.runtime.governance.list({ status: 'paused' });
    if (paused.length > 0)
      findings.push({
        severity: 'info',
        code: 'escalations_paused',
        message: `${paused.length} escalation(s) wait for an anchor`,
      });
    return { agent: this.runtime.identity.id, compliant: chain.ok, chain, coverage, findings };
  }
}
