import type { Encounter, EsiLevel } from '@baton/patient-triage-contracts';
import { seededRandom } from '@baton/llm';
import type { ValidationCase, ValidationTag } from '../validation/validation-case';
import { TRIAGE_VALIDATION_SET } from '../validation/validation-set';
import { registrationOf, syntheticIdentity, type SyntheticIdentity } from './synthetic-identity';

export type { SyntheticIdentity } from './synthetic-identity';

/** An emergency department's mix by label: about 1% ESI 1, 29% ESI 2, 40% ESI 3, 30% ESI 4-5. */
export const ARRIVAL_MIX: Readonly<Record<EsiLevel, number>> = { 1: 0.01, 2: 0.29, 3: 0.4, 4: 0.18, 5: 0.12 };

/** The validation set's hard cases: what fools a model or a keyword match. */
export const HARD_CASE_TAGS: readonly ValidationTag[] = [
  'prompt-injection',
  'phi-in-text',
  'negation',
  'downplaying',
  'spanish',
  'paraphrase',
];

/** One arrival of the stream: the labelled case it was drawn from, with a fresh made-up patient. */
export interface SyntheticArrival {
  readonly index: number;
  /** The validation case's id, e.g. `I-01`. */
  readonly caseId: string;
  readonly expectedEsi: EsiLevel;
  readonly tags: readonly ValidationTag[];
  /** The hard-case tags among `tags` (empty for a plain case). */
  readonly hard: readonly ValidationTag[];
  /** The patient's identifiers as registered: what the PHI scan looks for. */
  readonly identity: SyntheticIdentity;
  /** True when the identifiers are also typed into the history, as a nurse sometimes does. */
  readonly identityInText: boolean;
  /** The request body: an `Encounter`. */
  readonly encounter: Encounter;
}

export interface SyntheticArrivalsOptions {
  readonly seed: number;
  /** Default 200. */
  readonly size?: number;
  /** The first arrival (ISO instant); the others follow about a minute apart. Default `2026-03-02T08:00:00Z`. */
  readonly startAt?: string;
  /** Prefixes every `encounterId` (default `arrival-<seed>`), so two streams never share one. */
  readonly idPrefix?: string;
}

const LEVELS: readonly EsiLevel[] = [1, 2, 3, 4, 5];
const DAY_MS = 86_400_000;

/**
 * A seeded stream of arrivals in {@link ARRIVAL_MIX} (exact counts by largest remainder,
 * shuffled), each a validation case of that label (hard and plain cases alternating, each
 * cycled in a seeded order) with a fresh, obviously made-up identity: name, MRN, phone, and a
 * date of birth giving the case's exact age at its new arrival time. Every fourth arrival, and
 * every `phi-in-text` case, also has the identity typed into its history. Same options, same
 * stream.
 *
 * @example
 * const arrivals = syntheticArrivals({ seed: 42 });
 * arrivals.filter((arrival) => arrival.expectedEsi === 3).length; // 80 of 200
 */
export function syntheticArrivals(options: SyntheticArrivalsOptions): SyntheticArrival[] {
  const size = options.size ?? 200;
  if (!Number.isSafeInteger(size) || size < 1 || size > 100_000)
    throw new RangeError('a stream has 1 to 100,000 arrivals');
  if (!Number.isSafeInteger(options.seed)) throw new RangeError('the arrivals seed must be an integer');
  const random = seededRandom(options.seed);
  const startMs = Date.parse(options.startAt ?? '2026-03-02T08:00:00Z');
  const prefix = options.idPrefix ?? `arrival-${options.seed}`;
  const pools = new Map(LEVELS.map((level) => [level, casePool(random, level)]));
  const drawn = new Map(LEVELS.map((level) => [level, 0]));
  return shuffled(random, levelsFor(size)).map((level, index) => {
    const pool = pools.get(level) as ValidationCase[];
    const taken = drawn.get(level) as number;
    drawn.set(level, taken + 1);
    const source = pool[taken % pool.length] as ValidationCase;
    // About a minute apart, jittered, so the stream reads like a department's morning.
    const arrivedMs = startMs + index * 60_000 + Math.floor(random() * 45_000);
    return arrivalOf(random, index, source, arrivedMs, prefix);
  });
}

function arrivalOf(
  random: () => number,
  index: number,
  source: ValidationCase,
  arrivedMs: number,
  prefix: string,
): SyntheticArrival {
  const original = source.encounter;
  // The same age in days at the new arrival: danger-zone bands are days wide at the youngest.
  const ageDays = Math.round(
    (Date.parse(original.arrival.at) - Date.parse(`${original.registration.dateOfBirth}T00:00:00Z`)) / DAY_MS,
  );
  const arrivedDay = Date.parse(`${new Date(arrivedMs).toISOString().slice(0, 10)}T00:00:00Z`);
  const dateOfBirth = new Date(arrivedDay - ageDays * DAY_MS).toISOString().slice(0, 10);
  const identity = syntheticIdentity(random, index, dateOfBirth);
  const identityInText = index % 4 === 0 || source.tags.includes('phi-in-text');
  const [year, month, day] = dateOfBirth.split('-');
  const typed = `Registered as ${identity.given} ${identity.family}, MRN ${identity.mrn}, DOB ${month}/${day}/${year}, tel ${identity.phone}.`;
  const history = identityInText ? `${original.complaint.history} ${typed}`.trim() : original.complaint.history;
  return {
    index,
    caseId: source.id,
    expectedEsi: source.esi,
    tags: source.tags,
    hard: source.tags.filter((tag) => HARD_CASE_TAGS.includes(tag)),
    identity,
    identityInText,
    encounter: {
      ...original,
      encounterId: `${prefix}-${String(index).padStart(5, '0')}`,
      registration: registrationOf(identity, original.registration.sex, index),
      arrival: { ...original.arrival, at: new Date(arrivedMs).toISOString() },
      complaint: { ...original.complaint, history },
    },
  };
}

/** A level's cases, hard and plain alternating (each in a seeded order), so a short stream has hard ones too. */
function casePool(random: () => number, level: EsiLevel): ValidationCase[] {
  const ofLevel = TRIAGE_VALIDATION_SET.filter((item) => item.esi === level);
  const hard = shuffled(
    random,
    ofLevel.filter((item) => item.tags.some((tag) => HARD_CASE_TAGS.includes(tag))),
  );
  const plain = shuffled(
    random,
    ofLevel.filter((item) => !item.tags.some((tag) => HARD_CASE_TAGS.includes(tag))),
  );
  const pool: ValidationCase[] = [];
  for (let at = 0; at < Math.max(hard.length, plain.length); at++)
    pool.push(...[hard[at], plain[at]].filter((item): item is ValidationCase => item !== undefined));
  return pool;
}

/** The labels in exact shares: floors first, the remaining places to the largest remainders. */
function levelsFor(size: number): EsiLevel[] {
  const exact = LEVELS.map((level) => ({
    level,
    count: Math.floor(ARRIVAL_MIX[level] * size),
    rest: (ARRIVAL_MIX[level] * size) % 1,
  }));
  let missing = size - exact.reduce((sum, share) => sum + share.count, 0);
  for (const share of [...exact].sort((a, b) => b.rest - a.rest)) if (missing-- > 0) share.count += 1;
  return exact.flatMap(({ level, count }) => Array.from({ length: count }, () => level));
}

function shuffled<T>(random: () => number, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}
