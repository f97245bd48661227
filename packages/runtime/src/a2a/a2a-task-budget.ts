/**
 * How many finished A2A tasks an agent without PostgreSQL keeps in memory, and for how long. A finished
 * (completed, failed, canceled, rejected) task is kept so its client can still read the result with
 * `GetTask`; past either bound the oldest finished task goes, and reading it answers the SDK's
 * TaskNotFoundError. A task not yet finished (submitted, working, waiting for input or for an anchor) is never
 * dropped: its client and governance still need it.
 *
 * The defaults bound the store to about 1,000 finished tasks of a few KiB each (an echo task is about 2 KiB
 * held), a few MiB against the 128 MiB an agent may use under load (tools/bench/memory.ts).
 */
export interface A2ATaskBudget {
  /** `L9_A2A_TASKS_MAX`: finished tasks kept at most (default 1,000). */
  maxFinished: number;
  /** `L9_A2A_TASKS_MAX_AGE_SECONDS` in ms: how long a finished task is kept at most (default one hour). */
  maxAgeMs: number;
}

export const DEFAULT_A2A_TASK_BUDGET: A2ATaskBudget = { maxFinished: 1_000, maxAgeMs: 3_600_000 };
