import { randomUUID } from 'node:crypto';
import type { TaskPushNotificationConfig } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type {
  PushNotificationStore,
  ServerCallContext,
  StoredPushNotificationConfig,
} from '@a2a-js/sdk/server';
import { taskScopeOf } from './task-scope';

/** Push notification configs one task may have: enough for a client and a few watchers, and a bound on memory. */
export const MAX_PUSH_CONFIGS_PER_TASK = 10;

/** The wire version a config registered without one is taken to use, as the SDK's store takes it (A2A_LEGACY_PROTOCOL_VERSION). */
const LEGACY_WIRE_VERSION = '0.3';

/**
 * The in-memory push notification configs of an agent without PostgreSQL: the SDK's InMemoryPushNotificationStore's
 * behaviour (scoped by tenant and caller, ids given to configs without one, the wire version each was registered
 * over kept), with two bounds the SDK's does not have: at most MAX_PUSH_CONFIGS_PER_TASK per task (one more is
 * InvalidParams), and a task's configs go when the task store drops the task (`forget`, wired in a2a-stores.ts),
 * so they live no longer than the tasks they watch.
 */
export class BoundedPushConfigStore implements PushNotificationStore {
  private readonly configs = new Map<string, Map<string, StoredPushNotificationConfig[]>>();

  async save(taskId: string, context: ServerCallContext, config: TaskPushNotificationConfig): Promise<void> {
    const scope = taskScopeOf(context);
    let scoped = this.configs.get(scope);
    if (!scoped) this.configs.set(scope, (scoped = new Map()));
    // The SDK's contract: an empty id is assigned here, in the caller's object, which answers with it.
    if (!config.id) config.id = randomUUID();
    const entries = (scoped.get(taskId) ?? []).filter((entry) => entry.config.id !== config.id);
    if (entries.length >= MAX_PUSH_CONFIGS_PER_TASK) {
      throw new RequestMalformedError(
        `task ${taskId} already has ${MAX_PUSH_CONFIGS_PER_TASK} push notification configs, the most one task may have; delete one first`,
      );
    }
    entries.push({
      config: structuredClone(config),
      wireVersion: context.requestedVersion || LEGACY_WIRE_VERSION,
    });
    scoped.set(taskId, entries);
  }

  async load(taskId: string, context: ServerCallContext): Promise<TaskPushNotificationConfig[]> {
    return this.entries(taskId, context).map((entry) => structuredClone(entry.config));
  }

  async loadWithMetadata(
    taskId: string,
    context: ServerCallContext,
  ): Promise<StoredPushNotificationConfig[]> {
    return this.entries(taskId, context).map((entry) => structuredClone(entry));
  }

  /** Deletes one config; without `configId`, the one whose id is the task's (the SDK's default). */
  async delete(taskId: string, context: ServerCallContext, configId: string = taskId): Promise<void> {
    const scope = taskScopeOf(context);
    const remaining = this.entries(taskId, context).filter((entry) => entry.config.id !== configId);
    if (remaining.length > 0) this.configs.get(scope)?.set(taskId, remaining);
    else this.forget(scope, taskId);
  }

  /** Drops every config of a task (its scope as task-scope.ts makes it): the task is gone. */
  forget(scope: string, taskId: string): void {
    const scoped = this.configs.get(scope);
    scoped?.delete(taskId);
    if (scoped?.size === 0) this.configs.delete(scope);
  }

  private entries(taskId: string, context: ServerCallContext): StoredPushNotificationConfig[] {
    return this.configs.get(taskScopeOf(context))?.get(taskId) ?? [];
  }
}
