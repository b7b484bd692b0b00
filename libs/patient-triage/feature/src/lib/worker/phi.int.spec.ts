// PHI seeded into every free-text field of 100 encounters, submitted through the API to the real
// services: none of it in any recorded prompt or model-call record, table row (run history,
// outbox, audit, decisions), log line written through the process's streams, or span attribute.
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { setupTracing } from '@baton/observability';
import { runIdFor } from '@baton/orchestration';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { phiEncounter } from '../../../fixtures/phi-encounters';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';

const COUNT = 100;

describe('PHI on the real services', () => {
  const exporter = new InMemorySpanExporter();
  const shutdownTracing = setupTracing({ serviceName: 'triage-phi-test', exporter });
  const written: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((stream) => stream.write.bind(stream));
  let running: TestVertical;

  beforeAll(async () => {
    streams.forEach((stream, index) => {
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (originals[index] as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
    });
    running = await startTestVertical(triageVertical, { suite: 'triage phi', env: { OUTSIDE_SEED: '42' } });
  });
  afterAll(async () => {
    await running?.stop();
    streams.forEach((stream, index) => (stream.write = originals[index] as typeof stream.write));
    await shutdownTracing();
  });

  it('triages 100 seeded encounters and finds none of their identifiers outside the sealed record', async () => {
    const token = await running.tokens.issue({ role: 'triage-nurse', tenant: 'acme' });
    const seeded = Array.from({ length: COUNT }, (_, index) => phiEncounter(index));
    const ids = await Promise.all(
      seeded.map(async ({ encounter }, index) => {
        const response = await fetch(`${running.url}/v1/encounters`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': `phi-${index}`,
          },
          body: JSON.stringify(encounter),
        });
        expect(response.status).toBe(202);
        return ((await response.json()) as { id: string }).id;
      }),
    );
    for (const id of ids) {
      const run = await running.until(
        runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, 'acme', id),
        (view) => (view.state as TriageState | null)?.assignment != null,
        60_000,
      );
      expect((run.state as TriageState).assignment).toMatchObject({ floor: 3, decidedBy: 'model' });
    }
    const tables: Array<{ table_name: string }> = await running.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
      [running.schema],
    );
    const rows: string[] = [];
    for (const { table_name } of tables) {
      const dump: Array<{ row: string }> = await running.dataSource.query(
        `SELECT row_to_json(t)::text AS row FROM "${running.schema}"."${table_name}" t`,
      );
      rows.push(`${table_name}: ${dump.map((item) => item.row).join('\n')}`);
    }
    const spans = JSON.stringify(exporter.getFinishedSpans().map((span) => [span.name, span.attributes, span.events]));
    const places = { rows: rows.join('\n'), logs: written.join(''), spans };
    expect(rows.join('\n')).toContain('triage.assigned');
    for (const secret of seeded.flatMap((item) => item.secrets))
      for (const [place, text] of Object.entries(places))
        expect({ secret, place, found: text.toLowerCase().includes(secret.toLowerCase()) }).toEqual({
          secret,
          place,
          found: false,
        });
  }, 180_000);
});
