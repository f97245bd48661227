import { describeWorkingMemoryContract } from '../testing/working-memory-contract';
import { InMemoryWorkingMemory } from './in-memory-working-memory';

let now = 1_700_000_000_000;

describeWorkingMemoryContract('in-memory', {
  create: async (prefix, defaultTtlSeconds) => new InMemoryWorkingMemory({ prefix, defaultTtlSeconds, clock: () => now }),
  elapse: async (ms) => {
    now += ms;
  },
});
