import {
  LoanApplication,
  ReviewRequest,
  type ApplicationAccepted,
  type ApplicationView,
  type AuditTrail,
} from '@baton/loan-underwriting-contracts';
import type { EngineClock, RunView } from '@baton/orchestration';
import { RunResources, type RunClient } from '@baton/runtime';
import { auditTrail, type AuditKey, type IdempotentResult } from '@baton/state-store';
import { parseWith, type Principal } from '@baton/http';
import type { DataSource } from 'typeorm';
import { LoanError } from '../errors';
import { REVIEW_SIGNAL, UNDERWRITING_WORKFLOW_ID } from '../workflow/underwriting.workflow';
import { APPLICATION_ID_PREFIX, subjectIdFor } from './application-ids';
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

/**
 * The loan API's use cases, behind thin controllers: submit (idempotent), read, review, audit.
 * Every read and write is scoped to the caller's tenant: an application id resolves to a run
 * only within the tenant that submitted it, so another tenant's application is not found.
 *
 * @example
 * const accepted = await service.submit(principal, request.header('idempotency-key'), request.body);
 */
export class ApplicationsService {
  /** Submit and read, as every vertical's API does them (`RunResources` of the runtime). */
  private readonly applications: RunResources;

  constructor(private readonly deps: ApplicationsServiceDependencies) {
    this.applications = new RunResources({
      runs: deps.runs,
      dataSource: deps.dataSource,
      workflowId: UNDERWRITING_WORKFLOW_ID,
      path: '/v1/applications',
      noun: 'application',
      idPrefix: APPLICATION_ID_PREFIX,
      notFound: (id) => new LoanError('APPLICATION_NOT_FOUND', `no application ${id}`),
    });
  }

  /**
   * Starts underwriting. The body is validated before the key is claimed, so a rejected request
   * stores nothing and its key may be reused; the same key with the same body answers the first
   * response, with another body 409.
   */
  submit(
    principal: Principal,
    idempotencyKey: string | undefined,
    body: unknown,
  ): Promise<IdempotentResult<ApplicationAccepted>> {
    return this.applications.submit(principal, idempotencyKey, body, LoanApplication, (applicationId, application) => ({
      input: {
        applicationId,
        subjectId: subjectIdFor(this.deps.pseudonymKey, principal.tenant, application.applicant.ssn),
        receivedAt: this.deps.clock.now().toISOString(),
        application,
      },
      accepted: { applicationId, status: 'received', links: applicationLinks(applicationId) },
    }));
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
    return { applicationId, ...(await auditTrail(this.deps.dataSource, this.deps.auditKey, run.runId)) };
  }

  /** The application's run, if it belongs to the caller's tenant. */
  private run(principal: Principal, applicationId: string): Promise<RunView> {
    return this.applications.find(principal, applicationId);
  }
}
