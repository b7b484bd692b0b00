// 2,000 fuzzed bodies against the triage API's writes on one real app (seeded, so a failure
// replays): mutations of one valid body per route plus arbitrary JSON. Every answer is 2xx or 4xx,
// every 4xx a problem naming a field, and an oracle (the contracts and the domain's floor rule)
// says which: so a 202 is never a surprise. Afterwards nothing refused left a trace: no
// idempotency key, no run, no signal.
import fc from 'fast-check';
import {
  DispositionRequest,
  encounterSchema,
  OverrideRequest,
  BELOW_FLOOR_REASON_CODES,
  OVERRIDE_REASON_CODES,
} from '@baton/patient-triage-contracts';
import { overrideRuleProblems } from '@baton/patient-triage-domain';
import { runIdFor } from '@baton/orchestration';
import { startTestVertical, type TestVertical } from '@baton/runtime/testing';
import { CHEST_PAIN, encounterOf } from '../../../fixtures/encounters';
import { triageVertical } from '../triage.vertical';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '../workflow/triage.workflow';
import type { TriageState } from '../workflow/triage-state';

const SEED = 20_241;
const RUNS = { encounters: 800, overrides: 700, dispositions: 500 };
/** Overrides sent to one encounter before the next: below the run's own bound (`MAX_CLINICIAN_ACTIONS`). */
const OVERRIDES_PER_ENCOUNTER = 40;
const CHEST_PAIN_FLOOR = 2;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = ReadonlyArray<string | number>;

/** Every path into a JSON value (objects' keys and arrays' indices), the root included. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  const children: Path[] = Array.isArray(value)
    ? value.flatMap((item, index) => pathsOf(item, [...prefix, index]))
    : value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))
      : [];
  return [prefix, ...children];
}

type Mutation = { path: Path; op: 'replace' | 'delete' | 'add'; value: Json; key: string };

/** `valid` with one change at `path`: a value replaced, a key removed, or an unknown key added. */
function mutate(valid: Json, { path, op, value, key }: Mutation): Json {
  if (path.length === 0) {
    if (op === 'replace') return value;
    return op === 'delete' ? {} : { ...(valid as Record<string, Json>), [key]: value };
  }
  const copy = structuredClone(valid) as Record<string | number, Json>;
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, Json>>((node, segment) => node[segment] as Record<string | number, Json>, copy);
  const last = path[path.length - 1] as string | number;
  if (op === 'replace') parent[last] = value;
  else if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    (parent[last] as Record<string, Json>)[key] = value;
  } else parent[last] = value;
  return copy;
}

/** Values worth trying at a field: arbitrary JSON, and the edges a contract has to hold. */
const fieldValue = (extra: readonly Json[] = []): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Json>(
        '',
        ' ',
        'x'.repeat(5_000),
        -1,
        0,
        0.5,
        1e308,
        true,
        null,
        [],
        {},
        '\u202e',
        '<script>',
        ...extra,
      ),
    },
  );

const mutations = (valid: Json, extra: readonly Json[] = []): fc.Arbitrary<Json> =>
  fc
    .record({
      path: fc.constantFrom(...pathsOf(valid)),
      op: fc.constantFrom<Mutation['op']>('replace', 'replace', 'delete', 'add'),
      value: fieldValue(extra),
      key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'extra')),
    })
    .map((mutation) => mutate(valid, mutation));

/** Mostly one change to the valid body, sometimes two, sometimes any JSON at all. */
const bodies = (valid: Json, extra: readonly Json[] = []): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 6, arbitrary: mutations(valid, extra) },
    { weight: 2, arbitrary: mutations(valid, extra).chain((once) => mutations(once, extra)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
  );

describe('2,000 fuzzed bodies against the triage API’s writes (real app)', () => {
  let running: TestVertical;
  let nurse: string;
  let clinician: string;
  const sent = { encounters: 0, overrides: 0, dispositions: 0 };
  /** Per encounter id: the signals its run was sent with a 202. */
  const accepted = new Map<string, number>();
  const refusedKeys: string[] = [];
  let acceptedSubmissions = 0;
  let poolEncounters = 0;

  beforeAll(async () => {
    running = await startTestVertical(triageVertical, { suite: 'triage api fuzz', env: { OUTSIDE_SEED: '42' } });
    nurse = await running.tokens.issue({ role: 'triage-nurse', tenant: 'acme' });
    clinician = await running.tokens.issue({ role: 'clinician', tenant: 'acme' });
  });
  afterAll(() => running?.stop());

  const post = (path: string, body: Json, bearer: string, key?: string) =>
    fetch(`${running.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
    });
  const runOf = (id: string) => runIdFor(TRIAGE_ASSESS_WORKFLOW_ID, 'acme', id);

  /** A fresh chest pain encounter (floor ESI 2), assigned and waiting for clinicians. */
  const freshEncounter = async () => {
    const response = await post('/v1/encounters', encounterOf(CHEST_PAIN) as Json, nurse, `k-pool-${++poolEncounters}`);
    const { id } = (await response.json()) as { id: string };
    await running.until(runOf(id), (view) => (view.state as TriageState | null)?.assignment != null);
    accepted.set(id, 0);
    return id;
  };

  /** Checks one answer: 2xx or 4xx only, a 4xx a problem naming a field, and the status the oracle expects. */
  const judge = async (response: Response, expected: 202 | 400, body: Json) => {
    const text = await response.text();
    const context = { status: response.status, expected, body: JSON.stringify(body).slice(0, 300), text };
    if (response.status !== expected) throw new Error(`unexpected answer ${JSON.stringify(context)}`);
    if (response.status >= 400) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = JSON.parse(text) as { status: number; errors?: Array<{ field: string; rule: string }> };
      expect(problem.status).toBe(response.status);
      if (!problem.errors?.length || problem.errors.some((error) => !error.field || !error.rule))
        throw new Error(`a 4xx that names no field ${JSON.stringify(context)}`);
    }
  };

  it('answers every body with 2xx or a 4xx naming the field, as the contracts say, and writes nothing refused', async () => {
    const validEncounter = encounterOf(CHEST_PAIN) as Json;
    await fc.assert(
      fc.asyncProperty(bodies(validEncounter), async (body) => {
        const key = `k-fuzz-${++sent.encounters}`;
        const expected = encounterSchema.safeParse(body).success ? 202 : 400;
        await judge(await post('/v1/encounters', body, nurse, key), expected, body);
        if (expected === 202) acceptedSubmissions += 1;
        else refusedKeys.push(key);
      }),
      { seed: SEED, numRuns: RUNS.encounters, endOnFailure: true },
    );

    let overrideTarget = await freshEncounter();
    const validOverride: Json = { esi: 1, reasonCode: 'PATIENT_APPEARANCE', note: 'grey and sweating' };
    await fc.assert(
      fc.asyncProperty(
        bodies(validOverride, [...OVERRIDE_REASON_CODES, ...BELOW_FLOOR_REASON_CODES, 2, 3, 5]),
        async (body) => {
          sent.overrides += 1;
          const parsed = OverrideRequest.safeParse(body);
          const expected =
            parsed.success && overrideRuleProblems(CHEST_PAIN_FLOOR, parsed.data).length === 0 ? 202 : 400;
          if (expected === 202 && (accepted.get(overrideTarget) ?? 0) >= OVERRIDES_PER_ENCOUNTER)
            overrideTarget = await freshEncounter();
          await judge(await post(`/v1/encounters/${overrideTarget}/override`, body, clinician), expected, body);
          if (expected === 202) accepted.set(overrideTarget, (accepted.get(overrideTarget) ?? 0) + 1);
        },
      ),
      { seed: SEED, numRuns: RUNS.overrides, endOnFailure: true },
    );

    const openEncounter = await freshEncounter();
    await fc.assert(
      fc.asyncProperty(
        bodies({ disposition: 'roomed' }, ['discharged', 'admitted', 'Roomed', 'left without being seen']),
        async (body) => {
          sent.dispositions += 1;
          const expected = DispositionRequest.safeParse(body).success ? 202 : 400;
          // A disposition ends its encounter: each valid one gets an encounter of its own.
          const target = expected === 202 ? await freshEncounter() : openEncounter;
          await judge(await post(`/v1/encounters/${target}/disposition`, body, nurse), expected, body);
          if (expected === 202) accepted.set(target, 1);
        },
      ),
      { seed: SEED, numRuns: RUNS.dispositions, endOnFailure: true },
    );

    expect(sent.encounters + sent.overrides + sent.dispositions).toBe(2_000);
    // Nothing half-written: no key and no run for a refused submission, no signal for a refused write.
    const keys: Array<{ count: string }> = await running.dataSource.query(
      'SELECT count(*)::text AS count FROM idempotency_keys WHERE key = ANY($1)',
      [refusedKeys],
    );
    expect(keys[0]?.count).toBe('0');
    const runs: Array<{ count: string }> = await running.dataSource.query(
      'SELECT count(*)::text AS count FROM workflow_runs WHERE workflow_id = $1',
      [TRIAGE_ASSESS_WORKFLOW_ID],
    );
    expect(Number(runs[0]?.count)).toBe(acceptedSubmissions + poolEncounters);
    for (const [id, count] of accepted) {
      const signals = (await running.events.readStream(runOf(id))).filter(
        (event) => event.type === 'run.signal.received',
      );
      expect({ id, signals: signals.length }).toEqual({ id, signals: count });
    }
    // The fuzz reached every answer it should: some bodies of each route were taken, most refused.
    expect({ submissions: acceptedSubmissions > 0, refused: refusedKeys.length > RUNS.encounters / 2 }).toEqual({
      submissions: true,
      refused: true,
    });
    expect([...accepted.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(1);
  }, 300_000);
});
