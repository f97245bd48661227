import { TaskState, type ListTasksRequest, type ListTasksResponse, type Task } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import { TERMINAL_STATES } from './a2a-parts';
import { plainCopy } from './plain-copy';
import type { A2ATaskBudget } from './a2a-task-budget';
import { taskScopeOf } from './task-scope';

/** The SDK's default page size for ListTasks. */
const DEFAULT_PAGE_SIZE = 50;

export interface BoundedTaskStoreOptions {
  budget: A2ATaskBudget;
  /** Called for each task dropped, with its scope (task-scope.ts) and id, so what hangs off it goes too. */
  onEvict?: (scope: string, taskId: string) => void;
  /** Milliseconds of a monotonic clock; finished tasks age by it. */
  now?: () => number;
}

interface Finished {
  scope: string;
  taskId: string;
  at: number;
}

const finishedKey = (scope: string, taskId: string) => `${scope}\u0000${taskId}`;

/** The SDK's ListTasks cursor: base64 of `<status timestamp>|<task id>`. */
function encodePageToken(task: Task): string {
  return Buffer.from(`${task.status?.timestamp ?? ''}|${task.id}`).toString('base64');
}

function decodePageToken(token: string): { timestamp: string; id: string } {
  const [timestamp = '', ...id] = Buffer.from(token, 'base64').toString('utf-8').split('|');
  if (id.length === 0) throw new RequestMalformedError('Invalid page token format.');
  return { timestamp, id: id.join('|') };
}

/**
 * An in-memory A2A TaskStore with a budget (a2a-task-budget.ts), for agents without PostgreSQL. The SDK's
 * InMemoryTaskStore keeps every task for the life of the process, so an agent under steady A2A traffic grows
 * without end (414 MiB after some 36,000 calls). This one keeps the same tasks, scoped the same
 * way (tenant and caller), copied in and out as the SDK's is (see plain-copy.ts), and answers ListTasks with the SDK's filters,
 * order and cursors; but it forgets finished tasks beyond the budget, the longest finished first, and never a
 * task still in progress.
 */
export class BoundedTaskStore implements TaskStore {
  private readonly tasks = new Map<string, Map<string, Task>>();
  /** Finished tasks, the longest finished first (a Map keeps insertion order; a re-save moves one to the end). */
  private readonly finished = new Map<string, Finished>();
  private readonly now: () => number;

  constructor(private readonly options: BoundedTaskStoreOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  async save(task: Task, context: ServerCallContext): Promise<void> {
    const scope = taskScopeOf(context);
    let scoped = this.tasks.get(scope);
    if (!scoped) this.tasks.set(scope, (scoped = new Map()));
    scoped.set(task.id, plainCopy(task));
    const key = finishedKey(scope, task.id);
    this.finished.delete(key);
    if (task.status !== undefined && TERMINAL_STATES.has(task.status.state))
      this.finished.set(key, { scope, taskId: task.id, at: this.now() });
    this.evict();
  }

  async load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    this.evict();
    const task = this.tasks.get(taskScopeOf(context))?.get(taskId);
    return task && plainCopy(task);
  }

  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    this.evict();
    const { contextId, status, pageToken, statusTimestampAfter } = params;
    const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
    const after = statusTimestampAfter ? new Date(statusTimestampAfter).getTime() : undefined;
    let tasks = [...(this.tasks.get(taskScopeOf(context))?.values() ?? [])].filter(
      (task) =>
        (!contextId || task.contextId === contextId) &&
        (status === undefined ||
          status === TaskState.TASK_STATE_UNSPECIFIED ||
          task.status?.state === status) &&
        (after === undefined ||
          (task.status?.timestamp !== undefined &&
            task.status.timestamp !== '' &&
            new Date(task.status.timestamp).getTime() > after)),
    );
    // Newest status first, then by id, descending, as the SDK orders them.
    tasks.sort(
      (a, b) =>
        (b.status?.timestamp ?? '').localeCompare(a.status?.timestamp ?? '') || b.id.localeCompare(a.id),
    );
    const totalSize = tasks.length;
    if (pageToken) {
      const cursor = decodePageToken(pageToken);
      const index = tasks.findIndex(
        (task) => (task.status?.timestamp ?? '') === cursor.timestamp && task.id === cursor.id,
      );
      tasks = index === -1 ? [] : tasks.slice(index + 1);
    }
    const page = tasks.slice(0, pageSize);
    return {
      tasks: page.map((task) => ({
        ...plainCopy(task),
        ...(params.includeArtifacts ? {} : { artifacts: [] }),
      })),
      nextPageToken:
        page.length > 0 && tasks.length > page.length ? encodePageToken(page[page.length - 1] as Task) : '',
      pageSize,
      totalSize,
    };
  }

  /** Finished tasks beyond the count or past the age, the longest finished first. */
  private evict(): void {
    const oldest = this.now() - this.options.budget.maxAgeMs;
    for (const [key, entry] of this.finished) {
      if (this.finished.size <= this.options.budget.maxFinished && entry.at > oldest) break;
      this.finished.delete(key);
      const scoped = this.tasks.get(entry.scope);
      scoped?.delete(entry.taskId);
      if (scoped?.size === 0) this.tasks.delete(entry.scope);
      this.options.onEvict?.(entry.scope, entry.taskId);
    }
  }
}
