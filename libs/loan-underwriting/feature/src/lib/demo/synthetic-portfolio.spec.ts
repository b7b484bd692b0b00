import { LoanApplication } from '@baton/loan-underwriting-contracts';
import { complianceFacts } from '@baton/loan-underwriting-domain';
import { CompiledPolicy, evaluateIntent, PolicySet } from '@baton/policy';
import { kycVerifies, sanctionsHit } from '../outside/seeded-records';
import { loanVertical } from '../loan.vertical';
import { PORTFOLIO_KINDS, PORTFOLIO_SHARES, PortfolioEntry, syntheticPortfolio } from './synthetic-portfolio';

const AS_OF = '2026-03-10';
const portfolio = syntheticPortfolio({ seed: 42, size: 300, asOf: AS_OF });
const countOf = (entries: readonly PortfolioEntry[], kind: string) =>
  entries.filter((entry) => entry.kind === kind).length;

describe('syntheticPortfolio', () => {
  it('is the same for the same seed, and another for another seed', () => {
    expect(syntheticPortfolio({ seed: 42, size: 300, asOf: AS_OF })).toEqual(portfolio);
    const other = syntheticPortfolio({ seed: 7, size: 300, asOf: AS_OF });
    expect(other.map((entry) => entry.body)).not.toEqual(portfolio.map((entry) => entry.body));
  });

  it('holds each kind in its share, shuffled, with indexes in order', () => {
    expect(Object.fromEntries(PORTFOLIO_KINDS.map((kind) => [kind, countOf(portfolio, kind)]))).toEqual({
      clean: 165,
      non_compliant: 45,
      sanctioned: 12,
      borderline: 48,
      malformed: 30,
    });
    expect(portfolio.map((entry) => entry.index)).toEqual(portfolio.map((_, index) => index));
    expect(portfolio.slice(0, 30).map((entry) => entry.kind)).not.toEqual(Array(30).fill(portfolio[0]?.kind));
    for (const size of [1, 7, 40, 1_000]) {
      const entries = syntheticPortfolio({ seed: 3, size });
      expect(entries).toHaveLength(size);
      for (const kind of PORTFOLIO_KINDS)
        expect(Math.abs(countOf(entries, kind) - PORTFOLIO_SHARES[kind] * size)).toBeLessThan(1);
    }
  });

  it('mixes realistic outcomes: most clean ones approved, denials across every rule, both referral causes', () => {
    const clean = portfolio.filter((entry) => entry.kind === 'clean');
    const approved = clean.filter(
      (entry) => entry.expected.path === 'scorecard' && entry.expected.outcome === 'approved',
    ).length;
    expect(approved / clean.length).toBeGreaterThan(0.6);
    expect(approved).toBeLessThan(clean.length);
    const denialReasons = new Set(
      portfolio.flatMap((entry) => (entry.expected.path === 'policy' ? entry.expected.reasons : [])),
    );
    expect([...denialReasons].sort()).toEqual([
      'AGE_MINIMUM',
      'AMOUNT_EXCEEDS_CAP',
      'DTI_EXCEEDS_LIMIT',
      'JURISDICTION_NOT_LICENSED',
      'KYC_FAILED',
      'SANCTIONS_MATCH',
    ]);
    const borderline = new Set(portfolio.filter((entry) => entry.kind === 'borderline').map((entry) => entry.trait));
    expect([...borderline].sort()).toEqual(['DTI review band (36-43%)', 'scorecard refer band']);
  });

  it('rejects every malformed body by the contract and accepts every other one', () => {
    for (const entry of portfolio) {
      const parsed = LoanApplication.safeParse(entry.body);
      expect({ index: entry.index, trait: entry.trait, valid: parsed.success }).toEqual({
        index: entry.index,
        trait: entry.trait,
        valid: entry.kind !== 'malformed',
      });
      expect(entry.expected.path === 'rejected').toBe(entry.kind === 'malformed');
    }
  });

  it('gets the compliance decision it expects from the real policy on the seeded screening', async () => {
    const policies = PolicySet.of(loanVertical.policies.map((document) => CompiledPolicy.compile(document)));
    const receivedAt = `${AS_OF}T12:00:00.000Z`;
    for (const entry of portfolio.filter((candidate) => candidate.kind !== 'malformed')) {
      const application = LoanApplication.parse(entry.body);
      const { applicant } = application;
      const facts = complianceFacts(
        { applicationId: `app-${entry.index}`, subjectId: `subj-${entry.index}`, receivedAt, application },
        {
          kycVerified: kycVerifies(applicant.ssn),
          sanctionsMatch: sanctionsHit(`${applicant.firstName} ${applicant.lastName}`, applicant.dateOfBirth) !== null,
        },
      );
      const { decision } = await evaluateIntent(policies, {
        intent: 'loan.compliance',
        context: facts,
        decisionId: '00000000-0000-4000-8000-000000000000',
        at: receivedAt,
      });
      const wanted =
        entry.expected.path === 'policy'
          ? { effect: 'deny', reasons: entry.expected.reasons }
          : {
              effect: entry.trait.startsWith('DTI review') ? 'review' : 'allow',
              reasons: [entry.trait.startsWith('DTI review') ? 'DTI_REVIEW' : 'COMPLIANT'],
            };
      expect({
        index: entry.index,
        trait: entry.trait,
        effect: decision.effect,
        reasons: decision.reasons.map((reason) => reason.code),
      }).toEqual({ index: entry.index, trait: entry.trait, ...wanted });
    }
  });

  it('gives every applicant an SSN of their own and a made-up address at example.com', () => {
    const valid = portfolio
      .filter((entry) => entry.kind !== 'malformed')
      .map((entry) => LoanApplication.parse(entry.body).applicant);
    expect(new Set(valid.map((applicant) => applicant.ssn)).size).toBe(valid.length);
    expect(valid.every((applicant) => applicant.email.endsWith('@example.com'))).toBe(true);
  });

  it('refuses a size or seed it cannot draw', () => {
    expect(() => syntheticPortfolio({ seed: 42, size: 0 })).toThrow(RangeError);
    expect(() => syntheticPortfolio({ seed: 1.5, size: 10 })).toThrow(RangeError);
  });
});
