import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createIsolatedSchema, isolatedBrokerNames, testEnv } from '@baton/testing';
import type { CustomBenchSuite } from '../../harness/bench-suite';
import { figures, sequentialThenConcurrent } from '../../harness/measure';
import { startBenchPlatform } from './bench-platform';
import { rawCommits, rawRoundTrips } from './floor';

const round = (value: number, digits = 4): number => Number(value.toPrecision(digits));

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) dir = resolve(dir, '..');
  return dir;
}

/**
 * A 5-step workflow (agent over RabbitMQ, policy on the real engine, model on the deterministic
 * gateway, compute, emit) on the production path, at concurrency 1 and 32, beside the floor of
 * raw commits and raw round trips measured in the same run. A run is timed from `start` to the
 * engine's own report that it finished (no polling).
 */
export const orchestrationSuite: CustomBenchSuite = {
  description:
    '5-step workflow (agent, policy, model, compute, emit) at concurrency 1 and 32 vs raw commits and round trips',
  async run(progress, { smoke }) {
    const counts = smoke ? { floor: 20, warmup: 3, c1: 5, c32: 64 } : { floor: 400, warmup: 40, c1: 200, c32: 1_600 };
    const db = await createIsolatedSchema('bench orchestration');
    const names = isolatedBrokerNames('bench orchestration');
    const probe = new Client({ connectionString: db.databaseUrl });
    await probe.connect();
    const synchronousCommit = (await probe.query('SHOW synchronous_commit')).rows[0]?.synchronous_commit as string;
    const fsync = (await probe.query('SHOW fsync')).rows[0]?.fsync as string;
    await probe.end();
    const platform = await startBenchPlatform({
      databaseUrl: db.databaseUrl,
      schema: db.schema,
      rabbitmqUrl: testEnv.rabbitmqUrl,
      namespace: names.prefix,
      policiesDir: join(repoRoot(), 'libs/platform/orchestration/fixtures/policies'),
    });
    let sequence = 0;
    const oneRun = async (): Promise<number> => {
      const index = sequence++;
      const started = performance.now();
      const { runId } = await platform.engine.start(
        'bench.application',
        { applicantId: `b-${index}`, amount: 1_000 + (index % 9_000), consent: true },
        { idempotencyKey: `bench-${index}`, tenantId: 'bench' },
      );
      const outcome = await platform.finished(runId);
      if (outcome !== 'completed')
        throw new Error(
          `bench run ${runId} ended ${outcome}: ${JSON.stringify((await platform.engine.get(runId)).failure)}`,
        );
      return performance.now() - started;
    };
    try {
      progress(`floor: ${counts.floor} raw commits, ${counts.floor} raw round trips`);
      const commit = figures(await rawCommits(db.databaseUrl, db.schema, counts.floor));
      const roundTrip = figures(await rawRoundTrips(testEnv.rabbitmqUrl, names.queue('floor'), counts.floor));

      const { c1, c32 } = await sequentialThenConcurrent(oneRun, counts, progress, 'runs');

      const floorOfRun = 5 * commit.p50Ms + 2 * roundTrip.p50Ms;
      const result = {
        config: {
          synchronousCommit,
          fsync,
          queues: 'quorum, durable, publisher confirms, persistent messages',
          workflow:
            'agent (RabbitMQ, inbox, outbox reply) -> policy (PolicyEngine, audited) -> model (deterministic gateway) -> compute -> emit',
          ...platform.settings,
          samples: { floor: counts.floor, c1: counts.c1, c32: counts.c32 },
          machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cpus: cpus().length },
          recordedAt: new Date().toISOString(),
        },
        floor: {
          commitMs: round(commit.p50Ms),
          roundTripMs: round(roundTrip.p50Ms),
          commitP99Ms: round(commit.p99Ms),
          roundTripP99Ms: round(roundTrip.p99Ms),
        },
        c1: { p50Ms: round(c1.p50Ms), p99Ms: round(c1.p99Ms) },
        c32: { perSec: Math.round(c32.perSec), p50Ms: round(c32.p50Ms), p99Ms: round(c32.p99Ms) },
        ratios: { c1P50ToFloorOfRun: round(c1.p50Ms / floorOfRun, 3), floorOfRunMs: round(floorOfRun) },
        targets: { c1P50AtMost: '3x (5 commits + 2 round trips)', c32PerSecAtLeast: 300 },
      };
      const table = [
        '| orchestration | p50 ms | p99 ms | runs/s | x floor |',
        '| --- | ---: | ---: | ---: | ---: |',
        `| floor: 1 raw commit | ${result.floor.commitMs} | ${result.floor.commitP99Ms} | | 1 |`,
        `| floor: 1 raw round trip | ${result.floor.roundTripMs} | ${result.floor.roundTripP99Ms} | | 1 |`,
        `| floor of one run: 5 commits + 2 round trips | ${result.ratios.floorOfRunMs} | | | 1 |`,
        `| run, concurrency 1 | ${result.c1.p50Ms} | ${result.c1.p99Ms} | ${Math.round(1000 / c1.meanMs)} | ${result.ratios.c1P50ToFloorOfRun} (target <= 3) |`,
        `| runs, concurrency 32 | ${result.c32.p50Ms} | ${result.c32.p99Ms} | ${result.c32.perSec} (target >= 300) | |`,
        '',
        `config: synchronous_commit=${synchronousCommit}, fsync=${fsync}, quorum queues with confirms, ${JSON.stringify(platform.settings)}`,
      ].join('\n');
      return { table, result };
    } finally {
      await platform.close();
      await names.cleanup();
      await db.drop();
    }
  },
};
