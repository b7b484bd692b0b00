import {
  LoanApplication,
  ReviewRequest,
  type ApplicationAccepted,
  type ApplicationView,
  type AuditTrail,
} from '@baton/loan-underwriting-contracts';
import { isOrchestrationError, runIdFor, type EngineClock, type RunView } from '@baton/orchestration';
import type { RunClient } from '@baton/runtime';
import {
  AuditKey,
  IdempotencyStore,
  PersonalDataCipher,
  PostgresEventStore,
  requestHash,
  verifyStream,
  type IdempotentResult,
} from '@baton/state-store';
import { parseWith, ProblemException, type Principal } from '@baton/http';
import type { DataSource } from 'typeorm';
import { LoanError } from '../errors';
import { REVIEW_SIGNAL, UNDERWRITING_WORKFLOW_ID } from '../workflow/underwriting.workflow';
import { applicationIdFor, subjectIdFor } from './application-ids';
import { applicationLinks, applicationStatus, applicationView } from './application-view';

/** What the applications service needs: the run client, the idempotency store and the keys. */
export interface ApplicationsServiceDependencies {
  readonly runs: RunClient;
  readonly dataSource: DataSource;
  readonly auditKey: AuditKey;
  /** Keys the subject pseudonyms (see `subjectIdFor`). */
  readonly pseudonymKey: string;
  readonly clock: EngineClock;
}

const SUBMIT_ROUTE = 'POST /v1/applications';
/** Visible ASCII, as Stripe and the IETF draft allow, and short enough to index. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The loan API's use cases, behind thin controllers: submit (idempotent), read, review, audit.
 * Every read and write is scoped to the caller's tenant: an application id resolves to a run
 * only within the tenant that submitted it, so another tenant's application is not found.
 *
 * @example
 * const accepted = await service.submit(principal, request.header('idempotency-key'), request.body);
 */
export class ApplicationsService {
  private readonly idempotency: IdempotencyStore;
  /** Reads the raw stream: personal fields stay ciphertext and are masked, never decrypted. */
  private readonly rawEvents: PostgresEventStore;

  constructor(private readonly deps: ApplicationsServiceDependencies) {
    this.idempotency = new IdempotencyStore(deps.dataSource);
    this.rawEvents = new PostgresEventStore(deps.dataSource, deps.auditKey);
  }

  /**
   * Starts underwriting. The body is validated before the key is claimed, so a rejected request
   * stores nothing and its key may be reused; the same key with the same body answers the first
   * response, with another body 409.
   */
  async submit(
    principal: Principal,
    idempotencyKey: string | undefined,
    body: unknown,
  ): Promise<IdempotentResult<ApplicationAccepted>> {
    const key = requireIdempotencyKey(idempotencyKey);
    const application = parseWith(LoanApplication, body);
    const applicationId = applicationIdFor(principal.tenant, key);
    // The start is idempotent by its derived ids, so the key is a lease: no connection is held
    // while the run commits (holding one per request starved the pool under load).
    return this.idempotency.executeLeased<ApplicationAccepted>(
      {
        tenantId: principal.tenant,
        route: SUBMIT_ROUTE,
        key,
        requestHash: requestHash({ method: 'POST', route: '/v1/applications', body: application }),
      },
      async () => {
        const request = {
          applicationId,
          subjectId: subjectIdFor(this.deps.pseudonymKey, principal.tenant, application.applicant.ssn),
          receivedAt: this.deps.clock.now().toISOString(),
          application,
        };
        // The run id follows from the tenant and application id, so a retry after a crash
        // between this start and the stored response finds the run it already started.
        await this.deps.runs.start(UNDERWRITING_WORKFLOW_ID, request, {
          idempotencyKey: applicationId,
          tenantId: principal.tenant,
          correlationId: applicationId,
        });
        return { status: 202, body: { applicationId, status: 'received', links: applicationLinks(applicationId) } };
      },
    );
  }

  async get(principal: Principal, applicationId: string): Promise<ApplicationView> {
    return applicationView(applicationId, await this.run(principal, applicationId));
  }

  /** Completes a referred application with the underwriter's outcome; any other status is a 409. */
  async review(principal: Principal, applicationId: string, body: unknown): Promise<ApplicationAccepted> {
    const review: ReviewRequest = parseWith(ReviewRequest, body);
    const run = await this.run(principal, applicationId);
    const status = applicationStatus(run);
    if (status !== 'referred') {
      throw new LoanError(
        'APPLICATION_NOT_REFERRED',
        `application ${applicationId} is ${status}; only a referred application can be reviewed`,
      );
    }
    await this.deps.runs.signal(run.runId, REVIEW_SIGNAL, {
      outcome: review.outcome,
      note: review.note,
      underwriterId: principal.subject,
    });
    return { applicationId, status: 'in_progress', links: applicationLinks(applicationId) };
  }

  /** The application's events with personal fields masked, and whether its hash chain verifies. */
  async audit(principal: Principal, applicationId: string): Promise<AuditTrail> {
    const run = await this.run(principal, applicationId);
    const [events, verification] = await Promise.all([
      this.rawEvents.readStream(run.runId),
      verifyStream(this.deps.dataSource, this.deps.auditKey, run.runId),
    ]);
    return {
      applicationId,
      verified: verification.verified,
      verification: verification.verified
        ? { eventsChecked: verification.events, firstProblem: null }
        : {
            eventsChecked: events.length,
            firstProblem: { version: verification.version, kind: verification.problem, detail: verification.detail },
          },
      events: events.map((event) => ({
        version: event.version,
        type: event.type,
        occurredAt: event.occurredAt,
        data: PersonalDataCipher.mask(event.data),
        hash: event.hash,
        prevHash: event.prevHash,
      })),
    };
  }

  /** The application's run, if it belongs to the caller's tenant. */
  private async run(principal: Principal, applicationId: string): Promise<RunView> {
    const notFound = () => new LoanError('APPLICATION_NOT_FOUND', `no application ${applicationId}`);
    // The run id is derived from the tenant: another tenant's application id names no run here.
    const runId = runIdFor(UNDERWRITING_WORKFLOW_ID, principal.tenant, applicationId);
    try {
      const run = await this.deps.runs.get(runId);
      if (run.tenantId !== principal.tenant || run.workflowId !== UNDERWRITING_WORKFLOW_ID) throw notFound();
      return run;
    } catch (error) {
      if (isOrchestrationError(error, 'UNKNOWN_RUN')) throw notFound();
      throw error;
    }
  }
}

function requireIdempotencyKey(value: string | undefined): string {
  if (value !== undefined && IDEMPOTENCY_KEY.test(value)) return value;
  throw new ProblemException({
    status: 400,
    title: 'Invalid request',
    detail: 'the Idempotency-Key header is required: 1 to 200 visible ASCII characters, unique per application',
    errors: [
      {
        field: 'header.Idempotency-Key',
        rule: value === undefined ? 'required' : 'format',
        message: value === undefined ? 'is required' : 'must be 1 to 200 visible ASCII characters',
      },
    ],
  });
}
