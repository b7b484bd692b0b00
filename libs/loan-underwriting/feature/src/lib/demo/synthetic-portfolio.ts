import type { LoanApplication, ReasonCode } from '@baton/loan-underwriting-contracts';
import { seededRandom } from '@baton/llm';
import { SANCTIONS_LIST } from '../outside/seeded-records';
import { ExpectedOutcome, expectedForCompliant } from './expected-outcome';
import { MALFORMED_VARIANTS } from './malformed-variants';
import { bornYearsBefore, drawApplication, pick, Random, SsnPool } from './synthetic-applicant';

export type { ExpectedOutcome } from './expected-outcome';

export const PORTFOLIO_KINDS = ['clean', 'non_compliant', 'sanctioned', 'borderline', 'malformed'] as const;
export type PortfolioKind = (typeof PORTFOLIO_KINDS)[number];

/** The portfolio's mix, as a lender's inbound applications look: mostly clean, a tenth malformed. */
export const PORTFOLIO_SHARES: Readonly<Record<PortfolioKind, number>> = {
  clean: 0.55,
  non_compliant: 0.15,
  sanctioned: 0.04,
  borderline: 0.16,
  malformed: 0.1,
};

/** The default day the portfolio is drawn for: its minors are under 18 on it (pass the day you submit). */
export const PORTFOLIO_AS_OF = '2026-01-01';

/** One submission of the portfolio: what kind it is, why, where it should end, and the body to POST. */
export interface PortfolioEntry {
  readonly index: number;
  readonly kind: PortfolioKind;
  /** What makes it its kind, for reports: `unlicensed jurisdiction NY`, `DTI review band`, `unknown field` ... */
  readonly trait: string;
  readonly expected: ExpectedOutcome;
  /** The request body: a `LoanApplication`, except for the malformed ones. */
  readonly body: unknown;
}

export interface SyntheticPortfolioOptions {
  /** Seeds the draw and must equal the app's `OUTSIDE_SEED`: expectations follow from the seeded credit files. */
  readonly seed: number;
  readonly size: number;
  /** The day (YYYY-MM-DD) the applications will be received; default {@link PORTFOLIO_AS_OF}. */
  readonly asOf?: string;
}

type Drawn = Pick<PortfolioEntry, 'trait' | 'expected' | 'body'>;
interface Draw {
  readonly random: Random;
  readonly ssns: SsnPool;
  readonly seed: number;
  readonly asOf: string;
}

/**
 * A synthetic loan portfolio, the same for the same options: clean applications the scorecard
 * approves or declines, non-compliant ones across the compliance policy's denial rules, sanctions
 * matches, borderline ones an underwriter decides (DTI from 36% to 43%, or the scorecard's refer
 * band), and malformed bodies the API rejects. Kinds come in exact {@link PORTFOLIO_SHARES}
 * (largest remainder), shuffled; every applicant is made up and has an SSN of their own.
 *
 * @example
 * const entries = syntheticPortfolio({ seed: 42, size: 300 });
 * entries.filter((entry) => entry.kind === 'malformed').length; // 30
 */
export function syntheticPortfolio(options: SyntheticPortfolioOptions): PortfolioEntry[] {
  if (!Number.isSafeInteger(options.size) || options.size < 1 || options.size > 100_000)
    throw new RangeError('a portfolio has 1 to 100,000 applications');
  if (!Number.isSafeInteger(options.seed)) throw new RangeError('the portfolio seed must be an integer');
  const random = seededRandom(options.seed);
  const draw: Draw = { random, ssns: new SsnPool(random), seed: options.seed, asOf: options.asOf ?? PORTFOLIO_AS_OF };
  return shuffled(random, kindsFor(options.size)).map((kind, index) => ({ index, kind, ...BUILDERS[kind](draw) }));
}

/** The kinds in exact shares: floors first, the remaining places to the largest remainders. */
function kindsFor(size: number): PortfolioKind[] {
  const exact = PORTFOLIO_KINDS.map((kind) => ({
    kind,
    count: Math.floor(PORTFOLIO_SHARES[kind] * size),
    rest: (PORTFOLIO_SHARES[kind] * size) % 1,
  }));
  let missing = size - exact.reduce((sum, share) => sum + share.count, 0);
  for (const share of [...exact].sort((a, b) => b.rest - a.rest)) if (missing-- > 0) share.count += 1;
  return exact.flatMap(({ kind, count }) => Array.from({ length: count }, () => kind));
}

function shuffled<T>(random: Random, items: T[]): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

/** Draws compliant applications until one ends as `wanted` says (the seeded credit files decide). */
function compliantWhere(
  draw: Draw,
  shape: Parameters<typeof drawApplication>[2],
  wanted: ExpectedOutcome,
): { application: LoanApplication; expected: ExpectedOutcome } {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const application = drawApplication(draw.random, draw.ssns, shape);
    const expected = expectedForCompliant(draw.seed, application);
    if (expected !== null && JSON.stringify(expected) === JSON.stringify(wanted)) return { application, expected };
  }
  throw new RangeError(`no application ending ${JSON.stringify(wanted)} found for seed ${draw.seed}`);
}

const CLEAN_DTI = [0.04, 0.355] as const;
const CLEAN_APPROVAL_SHARE = 0.75;
const policy = (...reasons: ReasonCode[]): ExpectedOutcome => ({ path: 'policy', reasons });

/** Non-compliant applications, one denial rule each (no income breaks two), weighted as they arrive. */
const DENIALS: ReadonlyArray<(draw: Draw) => Drawn> = [
  ...Array.from({ length: 5 }, () => (draw: Draw): Drawn => {
    const application = drawApplication(draw.random, draw.ssns, { dti: CLEAN_DTI });
    const jurisdiction = pick(draw.random, ['NY', 'VT'] as const);
    return {
      trait: `unlicensed jurisdiction ${jurisdiction}`,
      expected: policy('JURISDICTION_NOT_LICENSED'),
      body: { ...application, applicant: { ...application.applicant, jurisdiction } },
    };
  }),
  ...Array.from({ length: 5 }, () => (draw: Draw): Drawn => ({
    trait: 'DTI over 43%',
    expected: policy('DTI_EXCEEDS_LIMIT'),
    body: drawApplication(draw.random, draw.ssns, { dti: [0.46, 0.75] }),
  })),
  ...Array.from({ length: 4 }, () => (draw: Draw): Drawn => ({
    trait: 'amount over half the annual income',
    expected: policy('AMOUNT_EXCEEDS_CAP'),
    body: drawApplication(draw.random, draw.ssns, { dti: CLEAN_DTI, amountShare: [0.55, 1.2] }),
  })),
  ...Array.from({ length: 2 }, () => (draw: Draw): Drawn => {
    const application = drawApplication(draw.random, draw.ssns, { dti: CLEAN_DTI });
    return {
      trait: 'SSN never issued (KYC fails)',
      expected: policy('KYC_FAILED'),
      body: { ...application, applicant: { ...application.applicant, ssn: draw.ssns.next(false) } },
    };
  }),
  (draw) => {
    const application = drawApplication(draw.random, draw.ssns, { dti: CLEAN_DTI, employment: ['student'] });
    const years = pick(draw.random, [16, 17]);
    return {
      trait: `under 18 (${years})`,
      expected: policy('AGE_MINIMUM'),
      body: {
        ...application,
        applicant: { ...application.applicant, dateOfBirth: bornYearsBefore(draw.random, draw.asOf, years) },
      },
    };
  },
  (draw) => {
    const application = drawApplication(draw.random, draw.ssns, { dti: CLEAN_DTI });
    const monthlyDebt = 200 + Math.floor(draw.random() * 700);
    return {
      trait: 'no income',
      expected: policy('AMOUNT_EXCEEDS_CAP', 'DTI_EXCEEDS_LIMIT'),
      body: {
        ...application,
        applicant: { ...application.applicant, employmentStatus: 'unemployed', annualIncome: 0, monthlyDebt },
      },
    };
  },
];

const BUILDERS: Readonly<Record<PortfolioKind, (draw: Draw) => Drawn>> = {
  clean(draw) {
    // Three in four compliant applicants are creditworthy, as a lender's intake usually runs;
    // never a referral: borderline cases are their own kind.
    const approves = draw.random() < CLEAN_APPROVAL_SHARE;
    const { application, expected } = compliantWhere(
      draw,
      { dti: CLEAN_DTI },
      { path: 'scorecard', outcome: approves ? 'approved' : 'declined' },
    );
    return { trait: approves ? 'scorecard approves' : 'scorecard declines', expected, body: application };
  },
  non_compliant: (draw) => pick(draw.random, DENIALS)(draw),
  sanctioned(draw) {
    const listed = pick(draw.random, SANCTIONS_LIST);
    const [firstName = '', ...rest] = listed.fullName.split(' ');
    // Screening matches names case-insensitively: some arrive in capitals.
    const shout = draw.random() < 0.3;
    const application = drawApplication(draw.random, draw.ssns, { dti: CLEAN_DTI });
    const applicant = {
      ...application.applicant,
      firstName: shout ? firstName.toUpperCase() : firstName,
      lastName: shout ? rest.join(' ').toUpperCase() : rest.join(' '),
      dateOfBirth: listed.dateOfBirth,
    };
    return {
      trait: `sanctions list ${listed.list}`,
      expected: policy('SANCTIONS_MATCH'),
      body: { ...application, applicant },
    };
  },
  borderline(draw) {
    if (draw.random() < 0.5) {
      const { application, expected } = compliantWhere(
        draw,
        { dti: [0.365, 0.425], employment: ['employed', 'retired'] },
        { path: 'referral' },
      );
      return { trait: 'DTI review band (36-43%)', expected, body: application };
    }
    const { application, expected } = compliantWhere(draw, { dti: CLEAN_DTI }, { path: 'referral' });
    return { trait: 'scorecard refer band', expected, body: application };
  },
  malformed(draw) {
    const variant = pick(draw.random, MALFORMED_VARIANTS);
    return {
      trait: variant.trait,
      expected: { path: 'rejected' },
      body: variant.spoil(drawApplication(draw.random, draw.ssns, { dti: CLEAN_DTI })),
    };
  },
};
