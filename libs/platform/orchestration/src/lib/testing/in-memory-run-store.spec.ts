import { describeRunStoreContract } from '../../../fixtures/run-store-contract';
import { InMemoryRunStore } from './in-memory-run-store';

describeRunStoreContract('InMemoryRunStore', async () => {
  const store = new InMemoryRunStore();
  return { store, outboxSize: async () => store.published.length };
});
