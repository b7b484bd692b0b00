// Loan underwriting on the real engine, agents, policies and deterministic model, in memory with
// a virtual clock: no PostgreSQL, no RabbitMQ, a day of waiting in no time (issue 19).
import { LoanDecided, type LoanApplication } from '@baton/loan-underwriting-contracts';
import { inMemoryLoan, InMemoryLoan } from '../../../fixtures/in-memory-loan';
import { loanApplication, ssnWhere, strongCredit, weakCredit } from '../../../fixtures/applications';
import { UNDERWRITING_WORKFLOW_ID } from './underwriting.workflow';

type Decided = { applicationId: string; outcome: string; decidedBy: string; reasons: Array<{ code: string }> };

const strong = (change: Parameters<typeof loanApplication>[0] = {}) =>
  loanApplication({ ...change, applicant: { ssn: ssnWhere(strongCredit), ...change.applicant } });

describe('loan underwriting in memory (testWorkflow: real engine, agents, policies and model; virtual clock)', () => {
  let loan: InMemoryLoan;
  beforeEach(async () => {
    loan = await inMemoryLoan({ breakers: { consecutiveFailures: 3, halfOpenAfterMs: 1 } });
  });

  /** The LoanDecided the run emitted, as a downstream consumer would read it. */
  const decisionOf = async (runId: string): Promise<Decided | undefined> => {
    const { applicationId } = ((await loan.env.get(runId)).state as { request: { applicationId: string } }).request;
    const event = loan.env.events.find(
      (envelope) => LoanDecided.matches(envelope) && (envelope.payload as Decided).applicationId === applicationId,
    );
    return event?.payload as Decided | undefined;
  };
  const submit = (application: LoanApplication, options: { version?: number } = {}) =>
    loan.submit(application, options);
  const stepsOf = async (runId: string) => (await loan.env.get(runId)).history.map((entry) => entry.stepId);

  it('approves a strong application: four agents, the model on redacted data, the scorecard, LoanDecided', async () => {
    const runId = await submit(strong());
    const view = await loan.env.get(runId);
    expect(view.status).toBe('completed');
    expect(await decisionOf(runId)).toMatchObject({ outcome: 'approved', decidedBy: 'scorecard' });
    // Version 3: identity with sanctions, then bureau with income, each pair sent in one commit.
    expect(loan.env.commands.map((command) => command.stepId)).toEqual([
      'identity/kyc',
      'identity/sanctions',
      'financials/bureau',
      'financials/income',
    ]);
    const sent = JSON.stringify(loan.modelSaw);
    expect(loan.modelSaw).toHaveLength(1);
    expect(sent).not.toContain(ssnWhere(strongCredit));
    expect(sent).not.toMatch(/Grace|Hopper|@example/);
    expect((await loan.env.replay(runId)).divergences).toEqual([]);
  });

  it.each([
    [
      'a sanctions match',
      { applicant: { firstName: 'Ivan', lastName: 'Sanctionov', dateOfBirth: '1970-01-15' } },
      'SANCTIONS_MATCH',
    ],
    ['an identity KYC cannot verify', { applicant: { ssn: '666-12-3456' } }, 'KYC_FAILED'],
    ['an unlicensed jurisdiction', { applicant: { jurisdiction: 'NY' } }, 'JURISDICTION_NOT_LICENSED'],
    ['a DTI over 43%', { applicant: { monthlyDebt: 5_000 } }, 'DTI_EXCEEDS_LIMIT'],
    ['an amount over half the income', { loan: { amount: 70_000 } }, 'AMOUNT_EXCEEDS_CAP'],
    ['an applicant under 18', { applicant: { dateOfBirth: '2010-01-01' } }, 'AGE_MINIMUM'],
  ] as const)('declines %s by policy, before any bureau pull or model call', async (_name, change, code) => {
    const runId = await submit(strong(change as never));
    expect(await decisionOf(runId)).toMatchObject({ outcome: 'declined', decidedBy: 'policy' });
    expect((await decisionOf(runId))?.reasons.map((reason) => reason.code)).toContain(code);
    expect(await stepsOf(runId)).not.toContain('assess');
    expect(loan.modelSaw).toEqual([]);
    expect(loan.env.commands.map((command) => command.stepId)).not.toContain('financials/bureau');
  });

  it('refers a 40% DTI application to an underwriter, whose signal decides', async () => {
    const runId = await submit(strong({ applicant: { monthlyDebt: 4_000 } }));
    expect(await loan.env.get(runId)).toMatchObject({ status: 'waiting', currentStep: 'awaitReview' });
    await loan.env.signal(runId, 'underwriter.review', {
      outcome: 'approve',
      note: 'long tenure',
      underwriterId: 'uw-1',
    });
    expect(await decisionOf(runId)).toMatchObject({ outcome: 'approved', decidedBy: 'underwriter' });
  });

  it('declines a referral nobody reviews after 24 virtual hours with REVIEW_EXPIRED', async () => {
    const runId = await submit(strong({ applicant: { monthlyDebt: 4_000 } }));
    await loan.env.advance('23h');
    expect((await loan.env.get(runId)).status).toBe('waiting');
    await loan.env.advance('1h');
    expect(await decisionOf(runId)).toMatchObject({ outcome: 'declined', decidedBy: 'expiry' });
    expect((await decisionOf(runId))?.reasons[0]?.code).toBe('REVIEW_EXPIRED');
  });

  it('sends a review to an underwriter on versions 2 and 3 even when the scorecard declines; version 1 declines it', async () => {
    const application = () =>
      loanApplication({ applicant: { ssn: ssnWhere(weakCredit), annualIncome: 120_000, monthlyDebt: 4_000 } });
    const onV3 = await submit(application());
    const onV2 = await submit(application(), { version: 2 });
    const onV1 = await submit(application(), { version: 1 });
    expect(await loan.env.get(onV3)).toMatchObject({ version: 3, status: 'waiting', currentStep: 'awaitReview' });
    expect(await loan.env.get(onV2)).toMatchObject({ version: 2, status: 'waiting', currentStep: 'awaitReview' });
    expect(await decisionOf(onV1)).toMatchObject({ outcome: 'declined', decidedBy: 'scorecard' });
  });

  it('rides out a bureau outage: retries with backoff, the breaker opens, and the run completes once it is back', async () => {
    loan.outside.outage.bureau = true;
    const runId = await submit(strong());
    await loan.env.advance('3s');
    expect(loan.breakers.state('credit-bureau')).toBe('open');
    expect((await loan.env.get(runId)).status).toBe('waiting');
    const failed = loan.env.commands.filter(
      (command) => command.stepId === 'financials/bureau' && command.outcome === 'failed',
    );
    expect(failed.length).toBeGreaterThanOrEqual(3);

    loan.outside.outage.bureau = false;
    await new Promise((resolve) => setTimeout(resolve, 5)); // the breaker's half-open wait is real time
    await loan.env.advance('1m');
    expect(await decisionOf(runId)).toMatchObject({ outcome: 'approved' });
    const applicationId = ((await loan.env.get(runId)).state as { request: { applicationId: string } }).request
      .applicationId;
    expect(await loan.ledger.usage(applicationId)).toEqual({ requests: 1, billablePulls: 1 });
  });

  it('starts on the newest version and records it', async () => {
    const runId = await submit(strong());
    expect((await loan.env.get(runId)).workflowId).toBe(UNDERWRITING_WORKFLOW_ID);
    expect((await loan.env.get(runId)).version).toBe(3);
  });

  it.each([
    ['a strong application', strong()],
    [
      'a sanctions match',
      strong({ applicant: { firstName: 'Ivan', lastName: 'Sanctionov', dateOfBirth: '1970-01-15' } }),
    ],
    ['weak credit', loanApplication({ applicant: { ssn: ssnWhere(weakCredit) } })],
    ['a DTI over 43%', strong({ applicant: { monthlyDebt: 5_000 } })],
  ] as const)('decides %s on version 3 as version 2 does, in the same state', async (name, application) => {
    // One application (one id, so the seeded outside records agree), started on each version.
    const input = {
      applicationId: `same-${name}`,
      subjectId: 'subject-same',
      receivedAt: '2026-03-10T09:00:00.000Z',
      application,
    };
    const onVersion = (version: number) =>
      loan.env.start(UNDERWRITING_WORKFLOW_ID, input, {
        idempotencyKey: `${name}-v${version}`,
        tenantId: 'acme',
        version,
      });
    const [onV3, onV2] = [await onVersion(3), await onVersion(2)];
    // Outside references name the run and step that asked; everything else must be equal.
    const stateOf = async (runId: string) =>
      JSON.parse(JSON.stringify((await loan.env.get(runId)).state), (key, value) =>
        key === 'reference' ? undefined : value,
      );
    expect(await stateOf(onV3)).toEqual(await stateOf(onV2));
    expect((await loan.env.replay(onV3)).divergences).toEqual([]);
  });

  it('still runs version 2 one check after another', async () => {
    await submit(strong(), { version: 2 });
    expect(loan.env.commands.map((command) => command.stepId)).toEqual(['kyc', 'sanctions', 'bureau', 'income']);
  });
});
