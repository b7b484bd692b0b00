import type { StoredMessage } from '@langchain/core/messages';

/** One recorded response (LangChain's own serialised message form). */
export interface RecordedResponse {
  readonly key: string;
  readonly modelId: string;
  readonly promptHash: string;
  readonly message: StoredMessage;
}

/**
 * Where recordings live. Responses to the same key are kept in call order, so a run whose first
 * answer was malformed and whose retry succeeded replays both, in order.
 *
 * @example await store.append(recorded); const [first] = await store.responses(recorded.key);
 */
export interface RecordingStore {
  append(response: RecordedResponse): Promise<void>;
  /** The responses recorded under `key`, oldest first. */
  responses(key: string): Promise<readonly RecordedResponse[]>;
}

/**
 * A {@link RecordingStore} in memory.
 *
 * @example const store = new InMemoryRecordingStore(); new RecordingChatModel({ inner, store, modelId });
 */
export class InMemoryRecordingStore implements RecordingStore {
  protected readonly byKey = new Map<string, RecordedResponse[]>();

  async append(response: RecordedResponse): Promise<void> {
    this.remember(response);
  }

  async responses(key: string): Promise<readonly RecordedResponse[]> {
    return [...(this.byKey.get(key) ?? [])];
  }

  /** How many responses are stored, over all keys. */
  get size(): number {
    let count = 0;
    for (const list of this.byKey.values()) count += list.length;
    return count;
  }

  protected remember(response: RecordedResponse): void {
    const list = this.byKey.get(response.key) ?? [];
    list.push(response);
    this.byKey.set(response.key, list);
  }
}
