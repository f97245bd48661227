import { describeEpisodicLogContract } from '../testing/episodic-log-contract';
import { InMemoryEpisodicLog } from './in-memory-episodic-log';

describeEpisodicLogContract('in-memory', {
  create: async (retentionMs) => new InMemoryEpisodicLog({ retentionMs }),
});
