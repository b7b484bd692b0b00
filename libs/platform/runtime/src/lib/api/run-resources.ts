import type { z } from 'zod';
import type { Principal } from '@baton/http';
import { parseWith } from '@baton/http';
import { isOrchestrationError, runIdFor, type RunStatus, type RunView } from '@baton/orchestration';
import { IdempotencyStore, requestHash, type IdempotentResult, type JsonValue } from '@baton/state-store';
import type { DataSource } from 'typeorm';
import type { RunClient } from '../client/run-client';
import { derivedIdFor } from './derived-id';
import { requireIdempotencyKey } from './idempotency-key';

/** One kind of resource an API starts a workflow run for: where it is posted and how it is named. */
export interface RunResourceOptions {
  readonly runs: RunClient;
  readonly dataSource: DataSource;
  /** The workflow a submission starts. */
  readonly workflowId: string;
  /** The collection's path, e.g. `/v1/applications`. */
  readonly path: string;
  /** What one resource is called in messages (`application`), and its ids' prefix (`app`). */
  readonly noun: string;
  readonly idPrefix: string;
  /** The vertical's own not-found error (a 404 of its catalogue). */
  notFound(id: string): Error;
}

/** What a submission starts: the run's input, and the body the API answers with. */
export interface Submission<Accepted extends JsonValue> {
  readonly input: unknown;
  readonly accepted: Accepted;
}

/** Which of a tenant's resources {@link RunResources.list} returns. */
export interface ResourceFilter {
  /** Runs in any of these statuses, e.g. `['running', 'waiting']` for the open ones. */
  readonly statuses: readonly RunStatus[];
  /** At most this many (the most recently changed); at most 500. */
  readonly limit: number;
}

/** A page of {@link RunResources.list}: each resource's id and run; `truncated` when more matched. */
export interface ListedResources {
  readonly items: ReadonlyArray<{ readonly id: string; readonly run: RunView }>;
  readonly truncated: boolean;
}

const MAX_LISTED = 500;

/**
 * The resources of an API that each start one workflow run: an idempotent submit and a read
 * scoped to the caller's tenant. Every vertical's API does this alike, so it is written once.
 *
 * Submit checks the `Idempotency-Key` header, then the body (a rejected request stores nothing,
 * so its key may be reused); the resource id derives from (tenant, key) and the run id from the
 * resource id, so a retry after a crash finds the run it already started. The same key with the
 * same body answers the first response; with another body, 409. The key is a lease: no
 * connection is held while the run commits.
 *
 * @example
 * const cases = new RunResources({ runs, dataSource, workflowId: 'triage.case', path: '/v1/cases', noun: 'case', idPrefix: 'case', notFound });
 * const result = await cases.submit(principal, key, body, TriageCase, (caseId, input) => ({ input: { caseId, ...input }, accepted: { caseId } }));
 * const run = await cases.find(principal, caseId);
 */
export class RunResources {
  private readonly idempotency: IdempotencyStore;

  constructor(private readonly options: RunResourceOptions) {
    this.idempotency = new IdempotencyStore(options.dataSource);
  }

  /** The id a tenant's submission with this key names. */
  idFor(tenant: string, idempotencyKey: string): string {
    return derivedIdFor(this.options.idPrefix, tenant, idempotencyKey);
  }

  async submit<Body, Accepted extends JsonValue>(
    principal: Principal,
    idempotencyKey: string | undefined,
    body: unknown,
    schema: z.ZodType<Body>,
    start: (id: string, parsed: Body) => Submission<Accepted>,
  ): Promise<IdempotentResult<Accepted>> {
    const key = requireIdempotencyKey(idempotencyKey, this.options.noun);
    const parsed = parseWith(schema, body);
    const id = this.idFor(principal.tenant, key);
    return this.idempotency.executeLeased<Accepted>(
      {
        tenantId: principal.tenant,
        route: `POST ${this.options.path}`,
        key,
        requestHash: requestHash({ method: 'POST', route: this.options.path, body: parsed }),
      },
      async () => {
        const { input, accepted } = start(id, parsed);
        await this.options.runs.start(this.options.workflowId, input, {
          idempotencyKey: id,
          tenantId: principal.tenant,
          correlationId: id,
        });
        return { status: 202, body: accepted };
      },
    );
  }

  /**
   * The caller's tenant's resources in the given statuses, most recently changed first, bounded
   * by `limit` (one indexed query per status on the run projection, then each run read). A
   * resource's id is the correlation id its submission started the run with.
   *
   * @example const { items } = await cases.list(principal, { statuses: ['running', 'waiting'], limit: 200 });
   */
  async list(principal: Principal, filter: ResourceFilter): Promise<ListedResources> {
    const limit = Math.max(1, Math.min(filter.limit, MAX_LISTED));
    const pages = await Promise.all(
      [...new Set(filter.statuses)].map((status) =>
        this.options.runs.list({
          tenantId: principal.tenant,
          workflowId: this.options.workflowId,
          status,
          limit: limit + 1,
        }),
      ),
    );
    const newestFirst = pages
      .flat()
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.runId.localeCompare(b.runId));
    const runs = await Promise.all(newestFirst.slice(0, limit).map((summary) => this.options.runs.get(summary.runId)));
    return {
      items: runs.filter((run) => run.tenantId === principal.tenant).map((run) => ({ id: run.correlationId, run })),
      truncated: newestFirst.length > limit,
    };
  }

  /** The resource's run, if it belongs to the caller's tenant; otherwise the vertical's not-found error. */
  async find(principal: Principal, id: string): Promise<RunView> {
    const { workflowId } = this.options;
    // The run id is derived from the tenant: another tenant's id names no run here.
    const runId = runIdFor(workflowId, principal.tenant, id);
    try {
      const run = await this.options.runs.get(runId);
      if (run.tenantId !== principal.tenant || run.workflowId !== workflowId) throw this.options.notFound(id);
      return run;
    } catch (error) {
      if (isOrchestrationError(error, 'UNKNOWN_RUN')) throw this.options.notFound(id);
      throw error;
    }
  }
}
