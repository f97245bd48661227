import { featureFlagDefaults } from './feature-flags';
import { loadMetaTemplates } from './load-meta-templates';
import type { CodegenMeta } from './codegen-meta';
import { roleForModule } from './module-role';

function realCodegenMeta(): CodegenMeta {
  const { meta, diagnostics } = loadMetaTemplates(() => null);
  if (!meta) throw new Error(`meta templates do not load: ${JSON.stringify(diagnostics)}`);
  return meta.codegen;
}

describe('roleForModule', () => {
  const meta = realCodegenMeta();

  // generatefiles entries of the L9 reference inputs (TensorAIOS collection, MainAgent stream, samples).
  it.each([
    ['tensoraios_controller.py', 'controller'],
    ['adapter_controller.py', 'controller'],
    ['agent_controller.py', 'controller'],
    ['controller.py', 'controller'],
    ['governancebridge.py', 'governance-bridge'],
    ['governance_bridge.py', 'governance-bridge'],
    ['memorybridge.py', 'memory-bridge'],
    ['memory_bridge.py', 'memory-bridge'],
    ['worldmodelbridge.py', 'world-model-bridge'],
    ['world_model_bridge.py', 'world-model-bridge'],
    ['apiserver.py', 'api-server'],
    ['api_server.py', 'api-server'],
    ['packethandler.py', 'packet-handler'],
    ['packet_router.py', 'packet-router'],
    ['packet_validator.py', 'packet-validator'],
    ['eventpublisher.py', 'event-publisher'],
    ['event_publisher.py', 'event-publisher'],
    ['event_subscriber.py', 'event-subscriber'],
    ['configmanager.py', 'config-manager'],
    ['config_manager.py', 'config-manager'],
    ['config.py', 'config-manager'],
    ['logger.py', 'logger'],
    ['compliance_checker.py', 'compliance-checker'],
    ['escalation_handler.py', 'escalation-handler'],
    ['episodic_logger.py', 'episodic-logger'],
    ['semantic_updater.py', 'semantic-updater'],
    ['causal_tracer.py', 'causal-tracer'],
    ['__init__.py', 'package-index'],
    ['core/__init__.py', 'package-index'],
  ])('%s has the role %s', (fileName, role) => {
    expect(roleForModule(fileName, meta)).toBe(role);
  });

  it.each([
    'tensor_scorer.py',
    'embedding_generator.py',
    'domainadapter.py',
    'domain_packet_handler.py',
    'anomaly_handler.py',
    'tensoraios_bridge.py',
    'tensoraios_client.py',
    'plastos_bridge.py',
    'governance_integrator.py',
    'telemetry_reporter.py',
    'core/expression_evaluator.py',
  ])('%s is a domain module', (fileName) => {
    expect(roleForModule(fileName, meta)).toBeNull();
  });

  it('ignores case, folders and the file suffix', () => {
    expect(roleForModule('GovernanceBridge.ts', meta)).toBe('governance-bridge');
    expect(roleForModule('lib/agents/Memory_Bridge.py', meta)).toBe('memory-bridge');
    expect(roleForModule('api_server', meta)).toBe('api-server');
  });

  it('returns null for an empty name', () => {
    expect(roleForModule('', meta)).toBeNull();
    expect(roleForModule('dir/', meta)).toBeNull();
  });

  it('takes the first rule that matches and treats * as any run of characters', () => {
    const rules: Pick<CodegenMeta, 'module_roles'> = {
      module_roles: [
        { role: 'logger', patterns: ['audit_*'] },
        { role: 'episodic-logger', patterns: ['audit_log'] },
      ],
    };
    expect(roleForModule('audit_log.py', rules)).toBe('logger');
    expect(roleForModule('audit_.py', rules)).toBe('logger');
    expect(roleForModule('my_audit_log.py', rules)).toBeNull();
  });

  it('matches pattern characters literally apart from *', () => {
    const rules: Pick<CodegenMeta, 'module_roles'> = {
      module_roles: [{ role: 'logger', patterns: ['a.b'] }],
    };
    expect(roleForModule('a.b.py', rules)).toBe('logger');
    expect(roleForModule('axb.py', rules)).toBeNull();
  });
});

describe('featureFlagDefaults', () => {
  it('gives every flag of the template its default, in name order', () => {
    const defaults = featureFlagDefaults(realCodegenMeta());
    expect(Object.keys(defaults)).toEqual([...Object.keys(defaults)].sort());
    expect(defaults).toEqual({
      L9_ENABLE_AUDIT_LOG: true,
      L9_ENABLE_CAUSAL_TRACING: true,
      L9_ENABLE_RATE_LIMITS: true,
    });
  });

  it('follows the template rather than a fixed list', () => {
    const defaults = featureFlagDefaults({
      feature_flags: {
        L9_ENABLE_B: { default: true, description: 'b' },
        L9_ENABLE_A: { default: false, description: 'a' },
      },
    });
    expect(Object.entries(defaults)).toEqual([
      ['L9_ENABLE_A', false],
      ['L9_ENABLE_B', true],
    ]);
  });
});
