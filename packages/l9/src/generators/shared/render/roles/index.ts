import {
  complianceCheckerTemplate,
  escalationHandlerTemplate,
  governanceBridgeTemplate,
} from './governance-templates';
import {
  causalTracerTemplate,
  episodicLoggerTemplate,
  memoryBridgeTemplate,
  semanticUpdaterTemplate,
  worldModelBridgeTemplate,
} from './memory-templates';
import { packetHandlerTemplate, packetRouterTemplate, packetValidatorTemplate } from './packet-templates';
import type { RoleTemplate } from './role-template';
import {
  apiServerTemplate,
  configManagerTemplate,
  controllerTemplate,
  loggerTemplate,
  rateLimiterTemplate,
} from './service-templates';
import { eventPublisherTemplate, eventSubscriberTemplate } from './stream-templates';

export type { RoleTemplate } from './role-template';

/** The module and spec template of every infrastructure role (`package-index` is rendered by modules.ts). */
export const ROLE_TEMPLATES: Record<string, RoleTemplate> = {
  controller: controllerTemplate,
  'governance-bridge': governanceBridgeTemplate,
  'memory-bridge': memoryBridgeTemplate,
  'world-model-bridge': worldModelBridgeTemplate,
  'event-publisher': eventPublisherTemplate,
  'event-subscriber': eventSubscriberTemplate,
  'api-server': apiServerTemplate,
  'packet-handler': packetHandlerTemplate,
  'packet-router': packetRouterTemplate,
  'packet-validator': packetValidatorTemplate,
  'config-manager': configManagerTemplate,
  logger: loggerTemplate,
  'rate-limiter': rateLimiterTemplate,
  'escalation-handler': escalationHandlerTemplate,
  'compliance-checker': complianceCheckerTemplate,
  'episodic-logger': episodicLoggerTemplate,
  'semantic-updater': semanticUpdaterTemplate,
  'causal-tracer': causalTracerTemplate,
};
