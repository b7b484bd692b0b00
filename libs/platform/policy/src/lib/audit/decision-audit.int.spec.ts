import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PolicyDecided } from '@baton/contracts';
import { createIsolatedSchema, IsolatedSchema } from '@baton/testing';
import { AuditKey, openStateStore, PostgresEventStore, verifyStream } from '@baton/state-store';
import { PolicyEngine } from '../engine/policy-engine';
import { postgresPolicyStorage } from '../engine/postgres-policy-storage';
import { flagPolicy } from '../evaluation/test-policies';
import { policyEntities, policyMigrations } from '../store/postgres/policy-database';
import { decisionStreamId } from './event-store-decision-log';

const key = AuditKey.from(randomBytes(32).toString('hex'));

describe('decision audit on the hash-chained event store (real PostgreSQL)', () => {
  let db: IsolatedSchema;
  let dataSource: DataSource;
  let engine: PolicyEngine;

  beforeAll(async () => {
    db = await createIsolatedSchema('policy audit');
    dataSource = await openStateStore({
      url: db.databaseUrl,
      schema: db.schema,
      poolSize: 4,
      entities: policyEntities,
      migrations: policyMigrations,
    });
    engine = new PolicyEngine(postgresPolicyStorage(dataSource, key));
    await engine.store.save(flagPolicy());
    await engine.store.activate('flags', '1');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const meta = (runId: string, stepId = 'gate', at = '2026-11-24T10:00:00Z') => ({ runId, stepId, at });

  it('records each decision with the version that made it, in a stream whose chain verifies and detects tampering', async () => {
    const runId = `run-${randomUUID()}`;
    const allowed = await engine.decide('llm.invoke', { x: { allow: true } }, meta(runId, 'assess'));
    const denied = await engine.decide('llm.invoke', { x: { deny: true } }, meta(runId, 'assess-again'));

    const events = await new PostgresEventStore(dataSource, key).readStream(decisionStreamId(runId));
    expect(
      events.map((event) => [
        event.type,
        event.eventId,
        (event.data as { policyVersion: string }).policyVersion,
        event.metadata['stepId'],
      ]),
    ).toEqual([
      [PolicyDecided.type, allowed.decisionId, '1', 'assess'],
      [PolicyDecided.type, denied.decisionId, '1', 'assess-again'],
    ]);
    expect(events[0]?.data).toEqual(allowed);
    await expect(verifyStream(dataSource, key, decisionStreamId(runId))).resolves.toEqual({
      streamId: decisionStreamId(runId),
      verified: true,
      events: 2,
    });

    await dataSource.query(
      `UPDATE events SET data = jsonb_set(data, '{effect}', '"allow"') WHERE stream_id = $1 AND version = 2`,
      [decisionStreamId(runId)],
    );
    await expect(verifyStream(dataSource, key, decisionStreamId(runId))).resolves.toMatchObject({
      verified: false,
      problem: 'changed',
      version: 2,
    });
  });

  it('records every decision of parallel steps of one run, from two workers at once, in one unbroken chain', async () => {
    const runId = `run-${randomUUID()}`;
    const otherWorker = new PolicyEngine(postgresPolicyStorage(dataSource, key));
    const decisions = await Promise.all(
      Array.from({ length: 12 }, (_unused, index) =>
        (index % 2 === 0 ? engine : otherWorker).decide(
          'llm.invoke',
          { x: { allow: true }, step: index },
          meta(runId, `step-${index}`),
        ),
      ),
    );
    const events = await new PostgresEventStore(dataSource, key).readStream(decisionStreamId(runId));
    expect(events.map((event) => event.eventId).sort()).toEqual(
      decisions.map((decision) => decision.decisionId).sort(),
    );
    await expect(verifyStream(dataSource, key, decisionStreamId(runId))).resolves.toMatchObject({
      verified: true,
      events: 12,
    });
  });

  it('a retried decision (same decision id) returns the audited decision and writes nothing, even after an activation', async () => {
    const runId = `run-${randomUUID()}`;
    const decisionId = randomUUID();
    const first = await engine.decide('llm.invoke', { x: { allow: true } }, { ...meta(runId), decisionId });
    await engine.store.save(flagPolicy({ version: 'retry-2', rules: [] }));
    await engine.store.activate('flags', 'retry-2');
    try {
      // A fresh engine, as after a worker restart: it knows nothing of the first append.
      const restarted = new PolicyEngine(postgresPolicyStorage(dataSource, key));
      const again = await restarted.decide('llm.invoke', { x: { allow: true } }, { ...meta(runId), decisionId });
      expect(again).toEqual(first);
      expect(
        await dataSource.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [decisionStreamId(runId)]),
      ).toEqual([{ n: 1 }]);
    } finally {
      await engine.store.activate('flags', '1');
    }
  });

  it('replays past decisions under another version, printing the differences, and skips decisions whose chain was tampered with', async () => {
    const from = '2030-01-01T00:00:00Z';
    const runA = `run-${randomUUID()}`;
    const runB = `run-${randomUUID()}`;
    await engine.decide('llm.invoke', { x: { allow: true } }, meta(runA, 'a', '2030-01-01T10:00:00Z'));
    await engine.decide('llm.invoke', { x: { review: true } }, meta(runA, 'b', '2030-01-01T10:01:00Z'));
    await engine.decide('llm.invoke', { x: { deny: true } }, meta(runA, 'c', '2030-01-01T10:02:00Z'));
    await engine.decide('llm.invoke', { x: { allow: true } }, meta(runB, 'a', '2030-01-01T10:03:00Z'));
    await engine.decide('llm.invoke', { x: { allow: true } }, meta(runB, 'old', '2029-12-31T23:59:59Z'));
    await engine.store.save(flagPolicy({ version: '2', combining: 'allow-overrides' }));

    const before = await engine.replay({ from, version: '2' });
    expect(before.replayed).toBe(4);
    expect(before.differences).toEqual([]);

    await engine.store.save(
      flagPolicy({
        version: '3',
        rules: [
          {
            id: 'review-everything',
            condition: { fact: 'x', operator: 'present' },
            effect: 'review',
            reason: { code: 'REVIEW_ALL', message: 'r' },
          },
        ],
      }),
    );
    const report = await engine.replay({ from, version: '3' });
    expect(
      report.differences.map((difference) => [
        difference.runId,
        difference.stepId,
        difference.before.effect,
        difference.after.effect,
        difference.after.reasons,
      ]),
    ).toEqual([
      [runA, 'a', 'allow', 'review', ['REVIEW_ALL']],
      [runA, 'b', 'review', 'review', ['REVIEW_ALL']],
      [runA, 'c', 'deny', 'review', ['REVIEW_ALL']],
      [runB, 'a', 'allow', 'review', ['REVIEW_ALL']],
    ]);

    await dataSource.query(
      `UPDATE events SET metadata = jsonb_set(metadata, '{context,x}', '{"deny": true}') WHERE stream_id = $1 AND version = 1`,
      [decisionStreamId(runB)],
    );
    const tampered = await engine.replay({ from, version: '3' });
    expect(tampered.replayed).toBe(3);
    expect(tampered.skipped).toEqual([
      { decisionId: expect.any(String), reason: `the audit chain of ${decisionStreamId(runB)} does not verify` },
    ]);
  });
});
