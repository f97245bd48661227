import { calmSignalsExpression, drillImports, escalationDrill, policyHasRules } from './escalation-drill';
import { anchorSigning } from './anchor-signing';
import { literal, renderRoleModule, renderRoleSpec, tsString, type RoleTemplate } from './role-template';
import { moduleFactoryName } from '../code-names';
import type { AgentRenderContext } from '../render-context';

function governanceSummary(ctx: AgentRenderContext): string[] {
  const g = ctx.spec.governance;
  return [
    `Anchors: ${g.anchors.join(', ') || 'none'}; mode: ${g.mode}; human override ${g.humanoverride ? 'allowed' : 'not allowed'}.`,
    ...(g.escalationpolicy
      ? [`Escalation policy as written: ${g.escalationpolicy}`]
      : ['The schema writes no escalation policy: only flags and the mode escalate.']),
  ];
}

export const governanceBridgeTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'GovernanceBridgeRole',
      roleName: 'governance bridge',
      about: [
        'Puts every decision of the agent to its governance policy: a decision that meets a rule, carries an escalating flag or is taken in supervised mode is held as a paused escalation until an anchor approves, rejects or overrides it. Decisions and resolutions are audited.',
        ...governanceSummary(ctx),
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const anchors = ctx.spec.governance.anchors;
    const drill = escalationDrill(ctx);
    const tests: string[] = [];
    if (drill.possible) {
      tests.push(`  it(${tsString(`escalates a decision that ${drill.cause} to exactly the schema's anchors, paused until an anchor answers`)}, async () => {
    const bridge = ${factory}(runtime);
${drill.setup.join('\n')}
    const decision = await bridge.decide('governance-drill', signals, { flags });
    if (decision.outcome !== 'escalated') throw new Error('the decision was not escalated');
    expect(decision.waiting_on).toEqual(${literal(anchors)});
${drill.byRule ? '    expect(decision.rules).toContain(rule.id);\n' : ''}    expect((await bridge.pending()).map((e) => e.id)).toEqual([decision.escalation.id]);
    const id = decision.escalation.id;
    await expect(bridge.resolve(id, 'approve', await sign('Not An Anchor', id, 'approve', 'not mine to approve', undefined, stranger))).rejects.toMatchObject({ code: 'resolution_refused' });
    expect((await bridge.pending()).map((e) => e.id)).toEqual([id]);
    const approved = await bridge.resolve(id, 'approve', await sign(${tsString(anchors[0] ?? '')}, id, 'approve', 'reviewed in the generated test'));
    expect(approved.status).toBe('approved');
    expect(await bridge.pending()).toEqual([]);
    expect((await runtime.audit.verify()).ok).toBe(true);
  });`);
    }
    const rules = policyHasRules(ctx);
    const calm = rules ? calmSignalsExpression('runtime') : '{}';
    if (ctx.spec.governance.mode === 'supervised') {
      tests.push(`  it('holds even a decision that meets no rule, because the agent is supervised', async () => {
    const decision = await ${factory}(runtime).decide('routine', ${calm});
    expect(decision).toMatchObject({ outcome: 'escalated', triggers: ['mode:supervised'] });
  });`);
    } else {
      tests.push(`  it(${tsString(rules ? 'lets a decision that carries every signal of its rules and meets none proceed' : 'lets a decision proceed: the schema declares no escalation rules')}, async () => {
    const bridge = ${factory}(runtime);
    expect(bridge.mode).toBe(${tsString(ctx.spec.governance.mode)});
    expect(await bridge.decide('routine', ${calm})).toMatchObject({ outcome: 'proceed', action: 'routine' });
    expect(await bridge.pending()).toEqual([]);
  });`);
    }
    if (rules) {
      tests.push(`  it('escalates a decision that leaves out or mistypes a signal its rules compare, saying which', async () => {
    const bridge = ${factory}(runtime);
    const calm: Record<string, unknown> = ${calm};
    const [signal] = Object.keys(calm);
    if (signal === undefined) throw new Error('the rules of the schema compare no signal');
    const { [signal]: _left, ...missing } = calm;
    expect(await bridge.decide('unread', missing as never)).toMatchObject({ outcome: 'escalated', triggers: expect.arrayContaining([\`signal:\${signal}:missing\`]) });
    expect(await bridge.decide('unread', { ...calm, [signal]: String(calm[signal]) } as never)).toMatchObject({ outcome: 'escalated', triggers: expect.arrayContaining([\`signal:\${signal}:mistyped\`]) });
  });`);
    } else if (ctx.spec.governance.escalationpolicy !== undefined) {
      tests.push(`  it('has no escalation rules, as its schema declares', async () => {
    expect(runtime.governance.policy.rules).toEqual([]);
  });`);
    }
    tests.push(`  it('refuses to resolve an escalation that does not exist', async () => {
    await expect(${factory}(runtime).resolve('no-such-escalation', 'approve', await sign(${tsString(anchors[0] ?? '')}, 'no-such-escalation', 'approve', 'nothing to approve'))).rejects.toMatchObject({ code: 'not_found' });
  });`);
    return renderRoleSpec(ctx, module, {
      roleName: 'governance bridge',
      ...anchorSigning,
      runtimeImports: [...drillImports(ctx), ...anchorSigning.runtimeImports],
      tests,
    });
  },
};

export const escalationHandlerTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'EscalationHandlerRole',
      roleName: 'escalation handler',
      about: [
        "The anchors' side of governance: lists the agent's escalations and applies an anchor's signed approval, rejection or override (verified against the anchors' keys in L9_ANCHORS_FILE, and audited); a credential that does not verify is refused and the refusal is audited.",
        ...governanceSummary(ctx),
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const { anchors, humanoverride } = ctx.spec.governance;
    const drill = escalationDrill(ctx);
    const tests: string[] = [];
    if (drill.possible) {
      const escalate = `${drill.setup.join('\n')}
    const evaluation = await runtime.governance.evaluate({ id: 'drill', agent: runtime.identity.id, action: 'governance-drill', signals, governance_flags: flags });
    const id = evaluation.escalation!.id;`;
      tests.push(`  it('lets an anchor of the schema approve a paused escalation', async () => {
    const handler = ${factory}(runtime);
${escalate}
    expect((await handler.list('paused')).map((e) => e.id)).toEqual([id]);
    expect((await handler.approve(id, await sign(${tsString(anchors[0] ?? '')}, id, 'approve', 'reviewed'))).status).toBe('approved');
    expect(await handler.summary()).toEqual({ paused: 0, approved: 1, rejected: 0, overridden: 0 });
  });`);
      tests.push(`  it('refuses someone who is not an anchor and keeps the escalation paused', async () => {
    const handler = ${factory}(runtime);
${escalate}
    await expect(handler.reject(id, await sign('Not An Anchor', id, 'reject', 'not mine to answer', undefined, stranger))).rejects.toMatchObject({ code: 'resolution_refused' });
    expect((await handler.get(id)).status).toBe('paused');
  });`);
      tests.push(
        humanoverride
          ? `  it('lets an anchor override, since the schema allows human overrides', async () => {
    const handler = ${factory}(runtime);
${escalate}
    expect((await handler.override(id, await sign(${tsString(anchors[anchors.length - 1] ?? '')}, id, 'override', 'manual outcome', { accepted: false }))).status).toBe('overridden');
  });`
          : `  it('refuses an override, since the schema allows none', async () => {
    const handler = ${factory}(runtime);
${escalate}
    await expect(handler.override(id, await sign(${tsString(anchors[0] ?? '')}, id, 'override', 'manual outcome', { accepted: false }))).rejects.toMatchObject({ code: 'override_disabled' });
  });`,
      );
    }
    if (!drill.possible) {
      tests.push(`  it('has nothing to answer: an autonomous agent without a policy never pauses a decision', async () => {
    const handler = ${factory}(runtime);
    await runtime.governance.evaluate({ id: 'drill', agent: runtime.identity.id, action: 'governance-drill', signals: {}, governance_flags: ['requires_approval'] });
    expect(await handler.list()).toEqual([]);
    expect(await handler.summary()).toEqual({ paused: 0, approved: 0, rejected: 0, overridden: 0 });
  });`);
    }
    tests.push(`  it('knows exactly the anchors of the schema', async () => {
    const handler = ${factory}(runtime);
    for (const anchor of ${literal(anchors)}) expect(handler.isAnchor(anchor)).toBe(true);
    expect(handler.isAnchor('Not An Anchor')).toBe(false);
    await expect(handler.get('no-such-escalation')).rejects.toMatchObject({ code: 'not_found' });
  });`);
    return renderRoleSpec(ctx, module, {
      roleName: 'escalation handler',
      ...anchorSigning,
      runtimeImports: [...drillImports(ctx), ...anchorSigning.runtimeImports],
      tests,
    });
  },
};

export const complianceCheckerTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'ComplianceCheckerRole',
      roleName: 'compliance checker',
      about: [
        'Holds the agent to its audit scope: events of a scope item go to the hash-chained audit log under its name, events outside the scope are refused, and a report verifies the chain and names the scope items without evidence yet.',
        `Audit scope: ${ctx.spec.governance.auditscope.join(', ') || 'none declared'}.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const scope = ctx.spec.governance.auditscope;
    const coverage = Object.fromEntries(scope.map((item) => [item, 1]));
    return renderRoleSpec(ctx, module, {
      roleName: 'compliance checker',
      tests: [
        `  it('records an event of every scope item and reports a verified, fully covered audit chain', async () => {
    const checker = ${factory}(runtime);
    expect(checker.scope).toEqual(${literal(scope)});
    for (const item of checker.scope) await checker.record(item, 'generated-test', { item });
    const report = await checker.check();
    expect(report.compliant).toBe(true);
    expect(report.coverage).toEqual(${literal(coverage)});
    expect(report.findings).toEqual([]);
    expect(report.chain.checked).toBe(${scope.length});
  });`,
        `  it('refuses an event outside the audit scope and reports uncovered scope items', async () => {
    const checker = ${factory}(runtime);
    await expect(checker.record('outside_the_declared_scope', null)).rejects.toThrow(/outside the audit scope/);
    const report = await checker.check();
    expect(report.findings.filter((f) => f.code === 'scope_uncovered')).toHaveLength(${scope.length});
  });`,
      ],
    });
  },
};
