import { randomBytes } from 'node:crypto';
import { createIsolatedSchema, isolatedBrokerNames, testEnv } from '@baton/testing';
import type { VerticalStackOptions } from '../../stack/vertical-stack';
import { rawCommits, rawRoundTrips } from '../suites/orchestration/floor';
import { readDurability, type Durability } from './durability';
import { figures, type Figures } from './measure';

/** What a vertical's bench runs in: its own schema and broker names, and the floor measured there first. */
export interface BenchEnvironment {
  readonly durability: Durability;
  readonly floor: { readonly commit: Figures; readonly roundTrip: Figures };
  /** Options for `startVerticalStack` in this schema and namespace: the production shape, rate limit off. */
  stackOptions(workers: number, env: Readonly<Record<string, string>>): VerticalStackOptions;
}

/**
 * Opens an isolated schema and broker names, reads PostgreSQL's durability settings, measures
 * `floorCount` raw commits and raw round trips, runs `bench`, and drops both whatever happens.
 *
 * @example const result = await inBenchEnvironment('bench triage', 400, progress, async (environment) => startVerticalStack('triage', environment.stackOptions(1, {}), feed));
 */
export async function inBenchEnvironment<T>(
  label: string,
  floorCount: number,
  progress: (message: string) => void,
  bench: (environment: BenchEnvironment) => Promise<T>,
): Promise<T> {
  const db = await createIsolatedSchema(label);
  const names = isolatedBrokerNames(label);
  try {
    const durability = await readDurability(db.databaseUrl);
    progress(`floor: ${floorCount} raw commits, ${floorCount} raw round trips`);
    const commit = figures(await rawCommits(db.databaseUrl, db.schema, floorCount));
    const roundTrip = figures(await rawRoundTrips(testEnv.rabbitmqUrl, names.queue('floor'), floorCount));
    return await bench({
      durability,
      floor: { commit, roundTrip },
      stackOptions: (workers, env) => ({
        databaseUrl: db.databaseUrl,
        schema: db.schema,
        rabbitmqUrl: testEnv.rabbitmqUrl,
        namespace: names.prefix,
        auditKeyHex: randomBytes(32).toString('hex'),
        layout: 'split',
        workers,
        env: { RATE_LIMIT: '100000000', ...env },
        onProgress: progress,
      }),
    });
  } finally {
    await names.cleanup();
    await db.drop();
  }
}
