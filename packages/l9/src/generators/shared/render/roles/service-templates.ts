import { featureFlagDefaults } from '../../../../meta/feature-flags';
import { moduleFactoryName, relativeImport } from '../code-names';
import { calmSignalsExpression, drillImports, escalationDrill, policyHasRules } from './escalation-drill';
import { literal, renderRoleModule, renderRoleSpec, tsString, type RoleTemplate } from './role-template';

export const controllerTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'ControllerRole',
      roleName: 'controller',
      about: [
        `Runs the domain operations of ${ctx.spec.name} under governance: each call is first put to the policy (the numbers and booleans of its input are the signals); an escalated call is held for the anchors (${ctx.spec.governance.anchors.join(', ')}) instead of running; an allowed one is dispatched and its outcome recorded as an episode.`,
        `Role of the agent: ${ctx.spec.role}`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const drill = escalationDrill(ctx);
    const register = `    runs = 0;\n    runtime.operations.register({ name: 'generated-check', async handle(input) { runs += 1; return { echoed: Object.keys(input).sort() }; } });`;
    const tests = [
      `  it('refuses an operation the agent does not have', async () => {
    await expect(${factory}(runtime).handle('no-such-operation', {})).rejects.toThrow(/no operation 'no-such-operation'/);
  });`,
    ];
    if (ctx.spec.governance.mode !== 'supervised') {
      tests.unshift(`  it('runs an operation governance allows and records the outcome', async () => {
${register}
    const controller = ${factory}(runtime);
    expect(controller.operations()).toContain('generated-check');
    const input = ${policyHasRules(ctx) ? `{ note: 'routine', ...${calmSignalsExpression('runtime')} }` : "{ note: 'routine' }"};
    const outcome = await controller.handle('generated-check', input, { traceId: 'a'.repeat(32) });
    expect(outcome).toMatchObject({ status: 'completed', result: { echoed: Object.keys(input).sort() } });
    expect(runs).toBe(1);
    expect(await runtime.memory.episodic.query({ kind: 'controller.completed' })).toHaveLength(1);
  });`);
    }
    if (drill.possible) {
      tests.push(`  it(${tsString(`holds an operation whose input ${drill.cause} for the anchors, without running it`)}, async () => {
${register}
${drill.setup.join('\n')}
    const outcome = await ${factory}(runtime).handle('generated-check', { ...signals }, { governanceFlags: flags });
    if (outcome.status !== 'escalated') throw new Error('the operation was not held');
    expect(outcome.escalation.anchors).toEqual(${literal(ctx.spec.governance.anchors)});
    expect(runs).toBe(0);
  });`);
    }
    return renderRoleSpec(ctx, module, {
      roleName: 'controller',
      runtimeImports: drillImports(ctx),
      declarations: ['let runs = 0;'],
      tests,
    });
  },
};

export const apiServerTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'ApiServerRole',
      roleName: 'API server',
      about: [
        `Describes what ${ctx.spec.name} serves over HTTP, as the server mounts it: ${ctx.spec.endpoints.map((e) => `${e.method} ${e.path}`).join(', ') || 'no declared endpoint'}, and GET /${ctx.spec.route_prefix}/status, GET /${ctx.spec.route_prefix}/health, POST /${ctx.spec.route_prefix}/packets, GET /metrics. The server itself is started by the generated wiring.`,
      ],
      options: '{ endpoints }',
      imports: [
        `import { endpoints } from '${relativeImport(`src/modules/${module.name}.ts`, 'src/generated/contract.ts')}';`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const prefix = `/${ctx.spec.route_prefix}`;
    const routes = [
      ...ctx.spec.endpoints.map((e) => `${e.method} ${e.path}`),
      `GET ${prefix}/status`,
      `GET ${prefix}/health`,
      `POST ${prefix}/packets`,
      'GET /metrics',
    ];
    const tokens = [
      ...new Set(
        ctx.spec.endpoints.flatMap((e) =>
          e.auth ? [`L9_TOKEN_${e.auth.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`] : [],
        ),
      ),
    ].sort();
    return renderRoleSpec(ctx, module, {
      roleName: 'API server',
      tests: [
        `  it('lists the declared endpoints and the built-in routes', () => {
    const api = ${factory}(runtime);
    expect(api.routes().map((r) => \`\${r.method} \${r.path}\`)).toEqual(${literal(routes)});
    expect(api.describe()).toMatchObject({ agent: { id: ${tsString(ctx.spec.id)}, routePrefix: ${tsString(ctx.spec.route_prefix)} }, missing_tokens: ${literal(tokens)} });
  });`,
        `  it('finds no route for a path the agent does not serve', () => {
    expect(${factory}(runtime).find('GET', ${tsString(`${prefix}/no-such-route`)})).toBeUndefined();
  });`,
      ],
    });
  },
};

export const configManagerTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'ConfigManagerRole',
      roleName: 'config manager',
      about: [
        'A read-only view of the configuration (L9_* environment over the schema and meta-template defaults) and the feature flags, with typed getters; secrets never leave through it.',
        `Feature flag defaults: ${Object.entries(featureFlagDefaults(ctx.meta.codegen))
          .map(([name, on]) => `${name}=${on}`)
          .join(', ')}.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const flags = featureFlagDefaults(ctx.meta.codegen);
    return renderRoleSpec(ctx, module, {
      roleName: 'config manager',
      tests: [
        `  it('reads the identity, governance and flag defaults of the schema', () => {
    const config = ${factory}(runtime);
    expect(config.string('agent.id')).toBe(${tsString(ctx.spec.id)});
    expect(config.string('governance.mode')).toBe(${tsString(ctx.spec.governance.mode)});
    expect(config.number('port')).toBe(${ctx.planned.port});
${Object.entries(flags)
  .map(([name, on]) => `    expect(config.flag(${tsString(name)})).toBe(${on});`)
  .join('\n')}
  });`,
        `  it('names a key that does not exist or has another type', () => {
    const config = ${factory}(runtime);
    expect(() => config.string('no.such.key')).toThrow(/not a configuration key/);
    expect(() => config.boolean('agent.id')).toThrow(/not a boolean/);
  });`,
      ],
    });
  },
};

export const loggerTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'LoggerRole',
      roleName: 'logger',
      about: [
        `Structured logging bound to ${ctx.spec.id} and this module; security-relevant events also go to the hash-chained audit log (scope: ${ctx.spec.governance.auditscope.join(', ') || 'none declared'}).`,
      ],
      options: `{ module: ${tsString(module.name)} }`,
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    return renderRoleSpec(ctx, module, {
      roleName: 'logger',
      tests: [
        `  it('logs and audits a security event', async () => {
    const logger = ${factory}(runtime);
    logger.info('generated test', { step: 1 });
    expect(await logger.security('auth.failed', 'generated-test', { reason: 'bad token' })).toBe(1);
    expect((await runtime.audit.verify()).checked).toBe(1);
  });`,
        `  it('refuses a security event name that is not a dotted lower-case name', async () => {
    await expect(${factory}(runtime).security('Not A Name', null)).rejects.toThrow(/security event/);
    expect((await runtime.audit.verify()).checked).toBe(0);
  });`,
      ],
    });
  },
};

export const rateLimiterTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'RateLimiterRole',
      roleName: 'rate limiter',
      about: [
        `Token buckets per source for work that does not pass the packet route (which has its own): calls to peers, stream consumption, batch jobs. Sized by L9_RATE_LIMIT_BURST and L9_RATE_LIMIT_PER_SECOND; L9_ENABLE_RATE_LIMITS=false admits everything.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const enabled = featureFlagDefaults(ctx.meta.codegen)['L9_ENABLE_RATE_LIMITS'] ?? true;
    return renderRoleSpec(ctx, module, {
      roleName: 'rate limiter',
      tests: [
        `  it('admits a source within its burst', async () => {
    const limiter = ${factory}(runtime);
    expect(limiter.enabled).toBe(${enabled});
    expect(limiter.check('generated-test').allowed).toBe(true);
    expect(await limiter.run('generated-test', async () => 'ran')).toBe('ran');
  });`,
        enabled
          ? `  it('refuses more than a bucket can ever hold', async () => {
    const limiter = ${factory}(runtime);
    expect(limiter.check('generated-test', limiter.capacity + 1).allowed).toBe(false);
    await expect(limiter.run('generated-test', async () => 'never', limiter.capacity + 1)).rejects.toThrow(/over its rate limit/);
  });`
          : `  it('admits everything while rate limits are off, but still refuses an empty source', () => {
    const limiter = ${factory}(runtime);
    expect(limiter.check('generated-test', limiter.capacity + 1).allowed).toBe(true);
    expect(() => limiter.check('')).toThrow(/non-empty/);
  });`,
      ],
    });
  },
};
