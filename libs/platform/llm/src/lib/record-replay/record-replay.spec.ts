import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applicationVariables,
  assessRisk,
  caught,
  deterministicModel,
  entry,
  fixedClock,
  riskAssessment,
  riskInvocation,
  SpyChatModel,
} from '../../../fixtures/loan-risk.fixture';
import { isLlmError } from '../errors/llm-error';
import { faultSequence } from '../faults/fault-plan';
import { FaultInjectingChatModel } from '../faults/fault-injecting-chat-model';
import { ChatModelGateway } from '../gateway/chat-model-gateway';
import { renderPrompt } from '../prompts/render-prompt';
import { JsonlRecordingStore } from './jsonl-recording-store';
import { RecordingChatModel } from './recording-chat-model';
import { InMemoryRecordingStore, RecordingStore } from './recording-store';
import { ReplayChatModel } from './replay-chat-model';

const MODEL_ID = 'deterministic:deterministic-v1';

async function record(store: RecordingStore, spy: SpyChatModel) {
  const gateway = new ChatModelGateway({
    models: [entry(new RecordingChatModel({ inner: spy, store, modelId: MODEL_ID }))],
    clock: fixedClock(),
  });
  return gateway.invoke(riskInvocation());
}

function replayGateway(store: RecordingStore) {
  return new ChatModelGateway({
    models: [entry(new ReplayChatModel({ store, modelId: MODEL_ID }))],
    clock: fixedClock(),
  });
}

describe('record and replay', () => {
  it('replays a recorded run to the same result without calling any model', async () => {
    const store = new InMemoryRecordingStore();
    // A run whose first answer was malformed: the repair is recorded and replayed too.
    const spy = new SpyChatModel(
      new FaultInjectingChatModel({ inner: deterministicModel(), plan: faultSequence([{ kind: 'malformed_json' }]) }),
    );
    const recorded = await record(store, spy);
    expect(spy.calls).toBe(2);
    expect(store.size).toBe(2);

    const replayed = await replayGateway(store).invoke(riskInvocation());

    expect(replayed).toEqual(recorded);
    expect(replayed.result.attempts).toBe(2);
    expect(spy.calls).toBe(2); // no model call during replay
  });

  it('refuses to make anything up when the run diverges from the recording', async () => {
    const store = new InMemoryRecordingStore();
    await record(store, new SpyChatModel(deterministicModel()));

    const diverged = { ...riskInvocation(applicationVariables({ monthlyDebts: 4000 })) };
    const error = await caught(replayGateway(store).invoke(diverged));

    expect(isLlmError(error, 'REPLAY_MISS')).toBe(true);
  });

  it('keeps recordings in a JSON Lines file that a later process can replay from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-llm-'));
    try {
      const path = join(dir, 'nested', 'run-1.jsonl');
      const spy = new SpyChatModel(deterministicModel());
      const recorded = await record(await JsonlRecordingStore.open(path), spy);

      const lines = readFileSync(path, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
        modelId: MODEL_ID,
        promptHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });

      const replayed = await replayGateway(await JsonlRecordingStore.open(path)).invoke(riskInvocation());
      expect(replayed).toEqual(recorded);
      expect(spy.calls).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records and replays through LangChain’s own withStructuredOutput as well', async () => {
    const store = new InMemoryRecordingStore();
    const messages = [...renderPrompt(assessRisk, applicationVariables(), riskAssessment.name).messages];
    const structured = (model: RecordingChatModel | ReplayChatModel) =>
      model.withStructuredOutput(riskAssessment.schema, { name: riskAssessment.name });

    const recorded = await structured(
      new RecordingChatModel({ inner: deterministicModel(), store, modelId: MODEL_ID }),
    ).invoke(messages);
    const replayed = await structured(new ReplayChatModel({ store, modelId: MODEL_ID })).invoke(messages);

    expect(replayed).toEqual(recorded);
    expect(replayed).toEqual({ band: 'low', score: 15, rationale: 'debt-to-income 15.0%' });
  });
});
