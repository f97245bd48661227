import { describeEscalationStoreContract } from './escalation-store-test-support';
import { MemoryEscalationStore } from './memory-escalation-store';

describeEscalationStoreContract(
  'MemoryEscalationStore',
  async () => ({ store: new MemoryEscalationStore() }),
  (subject) => subject.store.close(),
  { persistent: false },
);
