import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InMemoryRecordingStore, RecordedResponse } from './recording-store';

/**
 * A {@link RecordingStore} in a JSON Lines file: one response per line, appended as recorded,
 * read back whole when opened. Easy to diff, commit as a fixture, or ship with a bug report.
 *
 * @example
 * const store = await JsonlRecordingStore.open('recordings/loan-run-42.jsonl');
 * const replay = new ReplayChatModel({ store, modelId: 'openai:gpt-4o-mini' });
 */
export class JsonlRecordingStore extends InMemoryRecordingStore {
  private constructor(readonly path: string) {
    super();
  }

  /** Opens (and loads) the file; a missing file is an empty store, created on first append. */
  static async open(path: string): Promise<JsonlRecordingStore> {
    const store = new JsonlRecordingStore(path);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) if (line.trim() !== '') store.remember(JSON.parse(line) as RecordedResponse);
    return store;
  }

  override async append(response: RecordedResponse): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(response)}\n`, 'utf8');
    this.remember(response);
  }
}
