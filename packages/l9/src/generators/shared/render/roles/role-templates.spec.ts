import ts from 'typescript';
import { moduleRoleSchema } from '../../../../meta';
import { planEcosystem, planOptionsFromMeta } from '../../../../plan';
import type { AgentSpec } from '../../../../schema';
import { exampleInput } from '../../../../testing/reference-inputs';
import { workspaceMeta } from '../../../../testing/workspace-meta';
import { renderContextFor } from '../../render-context-for';
import { moduleFactoryName } from '../code-names';
import { GENERATED_MARKER, type AgentRenderContext } from '../render-context';
import { ROLE_TEMPLATES } from './index';

const meta = workspaceMeta();
const result = planEcosystem(
  [exampleInput('tensoraios-ecosystem.md'), exampleInput('main-agent.yaml')],
  planOptionsFromMeta(meta, {}),
);
const plan = result.plan!;
const mainAgent = result.ecosystem.agents.find((a) => a.name === 'MainAgent')!;

const ROLES = moduleRoleSchema.options.filter((role) => role !== 'package-index');
const FORBIDDEN = /TODO|FIXME|XXX|placeholder|not implemented/i;

/** MainAgent with one module per role (one of them nested), and governance/memory variations. */
function syntheticContext(
  governance: Partial<AgentSpec['governance']> = {},
  extra: Partial<AgentSpec> = {},
): AgentRenderContext {
  const spec: AgentSpec = {
    ...mainAgent,
    governance: { ...mainAgent.governance, ...governance },
    modules: ROLES.map((role, index) => ({
      source: `${role.replace(/-/g, '_')}.py`,
      name: index === 0 ? `core/${role}` : role,
    })),
    ...extra,
  };
  const base = renderContextFor(mainAgent, plan, meta);
  return { ...base, spec, roleOf: (source) => source.replace(/\.py$/, '').replace(/_/g, '-') };
}

const VARIANTS: Array<[string, AgentRenderContext]> = [
  ['MainAgent schema (hybrid, policy)', syntheticContext()],
  [
    'supervised, no policy, no override',
    syntheticContext({ mode: 'supervised', escalationpolicy: undefined, humanoverride: false }),
  ],
  ['hybrid, no policy', syntheticContext({ escalationpolicy: undefined })],
  [
    'autonomous, no policy, empty scope, no memory, no peers',
    {
      ...syntheticContext(
        { mode: 'autonomous', escalationpolicy: undefined, auditscope: [] },
        { memory: [], endpoints: [] },
      ),
      dependencies: [],
    },
  ],
];

function syntaxErrors(source: string, fileName: string): string[] {
  const output = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('ROLE_TEMPLATES', () => {
  it('has a template for every infrastructure role of the meta template, and nothing else', () => {
    expect(Object.keys(ROLE_TEMPLATES).sort()).toEqual([...ROLES].sort());
  });

  describe.each(VARIANTS)('%s', (_label, ctx) => {
    it.each(ctx.spec.modules.map((m) => [ctx.roleOf(m.source)!, m] as const))(
      'renders the %s module and its spec as valid, marked, complete TypeScript',
      (role, module) => {
        const template = ROLE_TEMPLATES[role]!;
        const code = template.module(ctx, module);
        const spec = template.spec(ctx, module);
        for (const [text, file] of [
          [code, `src/modules/${module.name}.ts`],
          [spec, `src/modules/${module.name}.spec.ts`],
        ] as const) {
          expect(text.split('\n')[0]).toBe(`// ${GENERATED_MARKER}`);
          expect(text).not.toMatch(FORBIDDEN);
          expect(syntaxErrors(text, file)).toEqual([]);
          expect(ts.createSourceFile(file, text, ts.ScriptTarget.ES2022).statements.length).toBeGreaterThan(
            1,
          );
        }
        expect(code).toContain(`export function ${moduleFactoryName(module.name)}(runtime: AgentRuntime): `);
        // The TypeScript module speaks of its role, not of the file name the schema lists (`controller.py`).
        expect(code).toMatch(new RegExp(`^ \\* The ${role.replace(/-/g, '[ -]')} of `, 'im'));
        expect(code).not.toContain(module.source);
        expect(spec).toContain(
          `import { ${moduleFactoryName(module.name)} } from './${module.name.split('/').pop()}';`,
        );
        expect(spec).toContain(
          module.name.startsWith('core/') ? "from '../../generated/config'" : "from '../generated/config'",
        );
        expect(spec).toMatch(/afterEach\(async \(\) => \{[\s\S]*await runtime\.close\(\);/);
        expect(spec.match(/\bit\(/g)!.length).toBeGreaterThanOrEqual(2);
      },
    );
  });

  it('names the anchors, mode and policy of the schema in the governance bridge, and asserts escalation to exactly those anchors', () => {
    const ctx = syntheticContext();
    const module = ctx.spec.modules.find((m) => m.name === 'governance-bridge')!;
    const code = ROLE_TEMPLATES['governance-bridge']!.module(ctx, module);
    expect(code).toContain(
      'Anchors: L9 Executive Architect, System Oversight Committee, Compliance Officer; mode: hybrid',
    );
    expect(code).toContain('decision confidence < 0.6');
    const spec = ROLE_TEMPLATES['governance-bridge']!.spec(ctx, module);
    expect(spec).toContain('violatingSignals(rule)');
    expect(spec).toContain(
      'expect(decision.waiting_on).toEqual(["L9 Executive Architect","System Oversight Committee","Compliance Officer"]);',
    );
    expect(spec).toContain("'Not An Anchor'");
  });

  it('escalates through a flag in hybrid mode without a policy, and asserts supervised mode holds everything', () => {
    const hybrid = syntheticContext({ escalationpolicy: undefined });
    const supervised = syntheticContext({ mode: 'supervised', escalationpolicy: undefined });
    const module = hybrid.spec.modules.find((m) => m.name === 'governance-bridge')!;
    expect(ROLE_TEMPLATES['governance-bridge']!.spec(hybrid, module)).toContain(
      "const flags = ['requires_approval'];",
    );
    expect(ROLE_TEMPLATES['governance-bridge']!.spec(supervised, module)).toContain(
      "triggers: ['mode:supervised']",
    );
  });

  it("routes exactly to the agent's peers and subscribes to its own topic", () => {
    const ctx = syntheticContext();
    const router = ctx.spec.modules.find((m) => m.name === 'packet-router')!;
    expect(ROLE_TEMPLATES['packet-router']!.module(ctx, router)).toContain(
      'TensorAIOS (tensoraios, port 8000, POST /tensoraios/packets)',
    );
    expect(ROLE_TEMPLATES['packet-router']!.spec(ctx, router)).toContain('toEqual(["tensoraios"])');
    const subscriber = ctx.spec.modules.find((m) => m.name === 'event-subscriber')!;
    expect(ROLE_TEMPLATES['event-subscriber']!.spec(ctx, subscriber)).toContain("agentTopic('main-agent')");
  });

  it('passes the schema to the roles that take options: declared storage, index fields, endpoints, module name', () => {
    const ctx = syntheticContext();
    const render = (role: string) =>
      ROLE_TEMPLATES[role]!.module(
        ctx,
        ctx.spec.modules.find((m) => ctx.roleOf(m.source) === role)!,
      );
    expect(render('memory-bridge')).toContain(
      'new MemoryBridgeRole(runtime, { declared: {"workingmemory":"redis","episodicmemory":"postgres","semanticmemory":"neo4j","causalmemory":"postgres"} })',
    );
    expect(render('episodic-logger')).toContain('{ indexBy: ["domain","trace_id","decided_at"] }');
    expect(render('api-server')).toContain("import { endpoints } from '../generated/contract';");
    expect(render('logger')).toContain("new LoggerRole(runtime, { module: 'logger' })");
  });

  it('is deterministic: the same context renders the same bytes', () => {
    const [first, second] = [syntheticContext(), syntheticContext()];
    for (const [index, module] of first.spec.modules.entries()) {
      const role = first.roleOf(module.source)!;
      expect(ROLE_TEMPLATES[role]!.spec(first, module)).toBe(
        ROLE_TEMPLATES[role]!.spec(second, second.spec.modules[index]!),
      );
    }
  });
});
