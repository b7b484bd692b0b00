import { TriageCase, type TriageCaseAccepted, type TriageCaseView } from '@baton/patient-triage-contracts';
import type { Principal } from '@baton/http';
import type { EngineClock } from '@baton/orchestration';
import { RunResources, type RunClient } from '@baton/runtime';
import type { IdempotentResult } from '@baton/state-store';
import type { DataSource } from 'typeorm';
import { TriageError } from '../errors';
import { TRIAGE_CASE_WORKFLOW_ID } from '../workflow/case.workflow';
import { caseLink, caseView } from './case-view';

/**
 * The cases API's use cases, behind a thin controller: submit (idempotent on the
 * `Idempotency-Key`) and read, both scoped to the caller's tenant. `RunResources` of the runtime
 * does the idempotency, the id derivation and the tenant check.
 *
 * @example const accepted = await service.submit(principal, request.header('idempotency-key'), request.body);
 */
export class CasesService {
  private readonly cases: RunResources;

  constructor(
    private readonly deps: { readonly runs: RunClient; readonly dataSource: DataSource; readonly clock: EngineClock },
  ) {
    this.cases = new RunResources({
      runs: deps.runs,
      dataSource: deps.dataSource,
      workflowId: TRIAGE_CASE_WORKFLOW_ID,
      path: '/v1/cases',
      noun: 'case',
      idPrefix: 'case',
      notFound: (id) => new TriageError('CASE_NOT_FOUND', `no case ${id}`),
    });
  }

  submit(
    principal: Principal,
    idempotencyKey: string | undefined,
    body: unknown,
  ): Promise<IdempotentResult<TriageCaseAccepted>> {
    return this.cases.submit(principal, idempotencyKey, body, TriageCase, (caseId, submitted) => ({
      input: { caseId, receivedAt: this.deps.clock.now().toISOString(), case: submitted },
      accepted: { caseId, status: 'received', links: { self: caseLink(caseId) } },
    }));
  }

  async get(principal: Principal, caseId: string): Promise<TriageCaseView> {
    return caseView(caseId, await this.cases.find(principal, caseId));
  }
}
