import { JsonObject } from '@baton/llm';
import { LoanApplication } from '@baton/loan-underwriting-contracts';
import type { RunView } from '@baton/orchestration';
import type { PostgresEventStore } from '@baton/state-store';
import { BatonMetrics, computeKpis, orchestrationObserver } from '@baton/observability';
import { loanKpis } from '../kpis/loan-kpis';
import type { LoanWorkerParts } from '../../../fixtures/test-loan-worker';
import { loanApplication, ssnWhere, strongCredit, TEST_SEED, weakCredit } from '../../../fixtures/applications';
import type { Decided } from '../../../fixtures/decisions';
import { startTestLoanWorker, TestLoanWorker } from '../../../fixtures/test-loan-worker';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('loan underwriting on the real services: policy gate, agents, model, scorecard, referrals', () => {
  const modelSaw: JsonObject[] = [];
  const metrics = new BatonMetrics();
  let loan: TestLoanWorker;
  let worker: LoanWorkerParts;
  let events: PostgresEventStore;

  beforeAll(async () => {
    loan = await startTestLoanWorker('loan underwriting', {
      reviewTimeoutMs: 1_500,
      breakers: { consecutiveFailures: 3, halfOpenAfterMs: 300 },
      onModelInput: (data) => modelSaw.push(data),
      observer: orchestrationObserver(metrics),
    });
    ({ worker, events } = loan);
  });

  afterAll(async () => {
    await loan?.stop();
  });

  const submit = (application: LoanApplication) => loan.submit(application);
  const decided = (applicationId: string, timeoutMs?: number) => loan.collector.decided(applicationId, timeoutMs);
  const historyTypes = async (runId: string) => (await events.readStream(runId)).map((event) => event.type);
  const codes = (decision: Decided) => decision.reasons.map((reason) => reason.code);
  const modelCalls = async () =>
    (await metrics.registry.getSingleMetricAsString('baton_llm_calls_total'))
      .split('\n')
      .filter((line) => line.startsWith('baton_llm_calls_total'))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);

  it('approves a strong application: every agent, the model on redacted data, the scorecard, LoanDecided on the bus', async () => {
    const { applicationId, runId } = await submit(loanApplication({ applicant: { ssn: ssnWhere(strongCredit) } }));
    const decision = await decided(applicationId);
    expect(decision).toMatchObject({
      outcome: 'approved',
      decidedBy: 'scorecard',
      model: { provider: 'deterministic', name: 'deterministic-v1' },
    });
    expect(decision.policyVersion).toMatch(/^loan-compliance@/);
    expect(decision.score).toEqual(expect.any(Number));
    expect(codes(decision)).toEqual(expect.arrayContaining(['INCOME_STABILITY', 'PURPOSE_RISK', 'REPAYMENT_CAPACITY']));
    expect(await historyTypes(runId)).toContain('run.model.called');
    expect(await modelCalls()).toBeGreaterThan(0);
    expect(await worker.ledger.usage(applicationId)).toEqual({ requests: 1, billablePulls: 1 });
  });

  it('declines a weak application on the scorecard, with adverse-action reasons from hard data first', async () => {
    const { applicationId } = await submit(
      loanApplication({ applicant: { ssn: ssnWhere(weakCredit), monthlyDebt: 3_000 } }),
    );
    const decision = await decided(applicationId);
    expect(decision.outcome).toBe('declined');
    expect(['scorecard', 'underwriter', 'expiry']).toContain(decision.decidedBy);
    expect(codes(decision)).toEqual(expect.arrayContaining(['CREDIT_SCORE_LOW']));
  });

  it.each([
    ['debt-to-income over 43%', { applicant: { monthlyDebt: 5_000 } }, 'DTI_EXCEEDS_LIMIT'],
    ['an applicant under 18 on the day of receipt', { applicant: { dateOfBirth: '2010-06-01' } }, 'AGE_MINIMUM'],
    [
      'a state the lender is not licensed in',
      { applicant: { jurisdiction: 'NY' as const } },
      'JURISDICTION_NOT_LICENSED',
    ],
    ['an amount over half the annual income', { loan: { amount: 70_000 } }, 'AMOUNT_EXCEEDS_CAP'],
    [
      'a sanctions-list match',
      { applicant: { firstName: 'Ivan', lastName: 'Sanctionov', dateOfBirth: '1970-01-15' } },
      'SANCTIONS_MATCH',
    ],
    ['an identity that fails KYC', { applicant: { ssn: '666-12-3456' } }, 'KYC_FAILED'],
  ])(
    'declines %s by policy, before any bureau pull or model call',
    async (
      _name,
      change: { applicant?: Partial<LoanApplication['applicant']>; loan?: Partial<LoanApplication['loan']> },
      code,
    ) => {
      const callsBefore = await modelCalls();
      const { applicationId, runId } = await submit(
        loanApplication({
          applicant: { ssn: ssnWhere(strongCredit), ...change.applicant },
          ...(change.loan ? { loan: change.loan } : {}),
        }),
      );
      const decision = await decided(applicationId);
      expect(await modelCalls()).toBe(callsBefore);
      expect(decision).toMatchObject({ outcome: 'declined', decidedBy: 'policy', score: null, model: null });
      expect(codes(decision)).toContain(code);
      const types = await historyTypes(runId);
      expect(types).not.toContain('run.model.called');
      expect(await worker.ledger.usage(applicationId)).toEqual({ requests: 0, billablePulls: 0 });
    },
  );

  it('refers a debt-to-income between 36% and 43% to an underwriter, whose signal decides', async () => {
    const { applicationId, runId } = await submit(
      loanApplication({ applicant: { ssn: ssnWhere(strongCredit), monthlyDebt: 4_000 } }),
    );
    const deadline = Date.now() + 10_000;
    let view: RunView = await worker.engine.get(runId);
    while (view.currentStep !== 'awaitReview' && Date.now() < deadline) {
      await sleep(25);
      view = await worker.engine.get(runId);
    }
    expect(view).toMatchObject({ status: 'waiting', currentStep: 'awaitReview' });
    await worker.engine.signal(runId, 'underwriter.review', {
      outcome: 'approve',
      note: 'stable employment history',
      underwriterId: 'uw-7',
    });
    const decision = await decided(applicationId);
    expect(decision).toMatchObject({ outcome: 'approved', decidedBy: 'underwriter' });
    expect(codes(decision)[0]).toBe('UNDERWRITER_APPROVED');

    // Loan's own KPI (its definition's `referral-share`) counts this referral.
    const report = await computeKpis(loan.vertical.dataSource, {
      from: new Date(Date.now() - 3_600_000),
      to: new Date(Date.now() + 60_000),
      vertical: 'loan',
      infraCostPerStepUsd: 0,
      definitions: { loan: loanKpis },
    });
    const share = report.verticals[0]?.figures.find((figure) => figure.name === 'referral-share');
    expect(share?.value).toBeGreaterThan(0);
    expect(share?.value).toBeLessThanOrEqual(1);
  });

  it('sends a 40% DTI application the scorecard declines to an underwriter on the newest version (3); version 1 runs keep their routing', async () => {
    // 4,000 a month on 120,000 a year is 40%: the compliance policy's review band. Weak credit
    // makes the scorecard decline it.
    const application = () =>
      loanApplication({ applicant: { ssn: ssnWhere(weakCredit), annualIncome: 120_000, monthlyDebt: 4_000 } });
    const onNewest = await submit(application());
    const onV1 = await loan.submit(application(), undefined, { version: 1 });
    expect((await worker.engine.get(onNewest.runId)).version).toBe(3);
    expect((await worker.engine.get(onV1.runId)).version).toBe(1);

    // Version 1 (registered so runs in flight finish on it) declines with no human seeing it.
    expect(await decided(onV1.applicationId)).toMatchObject({ outcome: 'declined', decidedBy: 'scorecard' });
    // Versions 2 and 3 wait for an underwriter, whatever the scorecard said.
    const deadline = Date.now() + 10_000;
    let view: RunView = await worker.engine.get(onNewest.runId);
    while (view.currentStep !== 'awaitReview' && Date.now() < deadline) {
      await sleep(25);
      view = await worker.engine.get(onNewest.runId);
    }
    expect(view).toMatchObject({ status: 'waiting', currentStep: 'awaitReview', version: 3 });
    expect((view.state as { scorecard: { band: string } }).scorecard.band).toBe('decline');
    await worker.engine.signal(onNewest.runId, 'underwriter.review', {
      outcome: 'decline',
      note: 'debt too high for the income',
      underwriterId: 'uw-8',
    });
    expect(await decided(onNewest.applicationId)).toMatchObject({ outcome: 'declined', decidedBy: 'underwriter' });
  });

  it('declines a referral nobody reviews in time with REVIEW_EXPIRED', async () => {
    const { applicationId } = await submit(
      loanApplication({ applicant: { ssn: ssnWhere(strongCredit), monthlyDebt: 4_100 } }),
    );
    const decision = await decided(applicationId);
    expect(decision).toMatchObject({ outcome: 'declined', decidedBy: 'expiry' });
    expect(codes(decision)[0]).toBe('REVIEW_EXPIRED');
  });

  it('never lets name, SSN, email or date of birth reach the model', async () => {
    const ssn = ssnWhere(strongCredit, TEST_SEED, 1);
    const before = modelSaw.length;
    const { applicationId } = await submit(
      loanApplication({
        applicant: {
          ssn,
          firstName: 'Zelda',
          lastName: 'Quartermaine',
          email: 'zelda.q@example.org',
          dateOfBirth: '1979-12-24',
        },
      }),
    );
    await decided(applicationId);
    const seen = JSON.stringify(modelSaw.slice(before));
    expect(modelSaw.length).toBeGreaterThan(before);
    for (const personal of [ssn, 'Zelda', 'Quartermaine', 'zelda.q@example.org', '1979-12-24'])
      expect(seen).not.toContain(personal);
    expect(seen).toContain('employed');
  });

  it('rides out a bureau outage: the circuit opens, runs back off and all complete after recovery', async () => {
    worker.outside.outage.bureau = true;
    const submitted = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        submit(loanApplication({ applicant: { ssn: ssnWhere(strongCredit, TEST_SEED, 2 + i) } })),
      ),
    );
    const deadline = Date.now() + 15_000;
    while (worker.breakers.state('credit-bureau') !== 'open' && Date.now() < deadline) await sleep(25);
    expect(worker.breakers.state('credit-bureau')).toBe('open');
    await sleep(800);
    worker.outside.outage.bureau = false;
    const decided5 = await Promise.all(submitted.map(({ applicationId }) => decided(applicationId, 30_000)));
    expect(decided5).toHaveLength(5);
    const retried = await Promise.all(
      submitted.map(async ({ runId }) =>
        (await worker.engine.get(runId)).history
          .filter((entry) => entry.status === 'retrying')
          .map((entry) => entry.code),
      ),
    );
    expect(retried.flat()).toEqual(expect.arrayContaining(['OUTSIDE_SYSTEM_UNAVAILABLE', 'CIRCUIT_OPEN']));
    for (const { applicationId } of submitted) expect((await worker.ledger.usage(applicationId)).billablePulls).toBe(1);
  });
});
