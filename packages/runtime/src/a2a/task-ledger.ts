import { TaskState, type Task } from '@a2a-js/sdk';
import type { PushNotificationSender, ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import type { Logger } from 'pino';
import type { EscalationRecord, OutcomeDeliverer, OutcomeDelivery } from '../governance';
import { callerUser, ownerContextOf } from './a2a-caller';
import { cutOffTask, heldPacketId, heldTaskId, settledTask, wasCutOff } from './held-task';

export interface TaskLedgerOptions {
  /** Where tasks are kept (the SDK's store, memory or PostgreSQL). */
  store: TaskStore;
  /** The escalation holding a packet id (governance). */
  heldFor(packetId: string): Promise<EscalationRecord | undefined>;
  /** Tells the task's push notification configs; absent: none are sent. */
  push?: PushNotificationSender;
  runId: string;
  authRequired: boolean;
  log: Logger;
}

/**
 * The agent's A2A tasks, kept current with governance. A held task (AUTH_REQUIRED) changes when an anchor
 * resolves its escalation, which happens outside any A2A call, so it is brought up to date twice over:
 *   - when governance delivers the held work's outcome (`deliverer`, beside the event stream, peer and callback);
 *   - whenever the task is read (`store.load`, which get-task, cancel and follow-ups use), from the escalation
 *     record itself, so a delivery lost to a crash or a race is made good by the next read.
 * A read also ends a task a restart cut off (see held-task.ts). Each change is saved and pushed to the task's
 * push notification configs.
 */
export class TaskLedger {
  /** The store the request handler uses. */
  readonly store: TaskStore;

  constructor(private readonly options: TaskLedgerOptions) {
    const inner = options.store;
    this.store = {
      save: (task, context) => inner.save(task, context),
      list: (params, context) => inner.list(params, context),
      load: async (taskId, context) => {
        const task = await inner.load(taskId, context);
        return task && this.current(task, context);
      },
    };
  }

  private async current(task: Task, context: ServerCallContext): Promise<Task> {
    if (wasCutOff(task, this.options.runId)) return this.record(cutOffTask(task), context);
    if (task.status?.state !== TaskState.TASK_STATE_AUTH_REQUIRED) return task;
    const escalation = await this.options.heldFor(heldPacketId(task.id));
    const settled = escalation && settledTask(task, escalation);
    return settled ? this.record(settled, context) : task;
  }

  private async record(task: Task, context: ServerCallContext): Promise<Task> {
    await this.options.store.save(task, context);
    try {
      await this.options.push?.send({ payload: { $case: 'task', value: task } }, context, task);
    } catch (error) {
      this.options.log.warn({ err: error, task_id: task.id }, 'A2A push notification not sent');
    }
    return task;
  }

  /** Settles the task an escalation holds, if it came in over A2A and still waits; reports how that went. */
  async settle(escalation: EscalationRecord): Promise<OutcomeDelivery | undefined> {
    const taskId = heldTaskId(escalation);
    if (taskId === undefined || escalation.work?.kind !== 'endpoint') return undefined;
    const context = ownerContextOf(callerUser(escalation.work.caller, this.options.authRequired));
    try {
      const task = await this.options.store.load(taskId, context);
      if (!task)
        return { channel: 'a2a-task', ok: false, target: taskId, error: 'the task is not in the task store' };
      const settled =
        task.status?.state === TaskState.TASK_STATE_AUTH_REQUIRED ? settledTask(task, escalation) : undefined;
      if (settled) await this.record(settled, context);
      return { channel: 'a2a-task', ok: true, target: taskId };
    } catch (error) {
      return {
        channel: 'a2a-task',
        ok: false,
        target: taskId,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }

  /** `inner` (the event stream, peer and callback deliveries), then the held A2A task. */
  deliverer(inner: OutcomeDeliverer): OutcomeDeliverer {
    return {
      deliver: async (escalation) => {
        const deliveries = await inner.deliver(escalation);
        const task = await this.settle(escalation);
        if (task && !task.ok)
          this.options.log.warn(
            { escalation_id: escalation.id, task_id: task.target, error: task.error },
            'held A2A task not settled now; the next read of it settles it',
          );
        return task ? [...deliveries, task] : deliveries;
      },
    };
  }
}
