// In-memory adapters for other libraries' unit tests: `import { InMemoryEventStore } from '@baton/state-store/testing'`.
export * from './lib/event-store/in-memory-event-store';
