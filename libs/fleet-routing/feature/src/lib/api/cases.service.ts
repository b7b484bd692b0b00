import { FleetCase, type FleetCaseAccepted, type FleetCaseView } from '@baton/fleet-routing-contracts';
import type { Principal } from '@baton/http';
import type { EngineClock } from '@baton/orchestration';
import { RunResources, type RunClient } from '@baton/runtime';
import type { IdempotentResult } from '@baton/state-store';
import type { DataSource } from 'typeorm';
import { FleetError } from '../errors';
import { FLEET_CASE_WORKFLOW_ID } from '../workflow/case.workflow';
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
      workflowId: FLEET_CASE_WORKFLOW_ID,
      path: '/v1/cases',
      noun: 'case',
      idPrefix: 'case',
      notFound: (id) => new FleetError('CASE_NOT_FOUND', `no case ${id}`),
    });
  }

  submit(
    principal: Principal,
    idempotencyKey: string | undefined,
    body: unknown,
  ): Promise<IdempotentResult<FleetCaseAccepted>> {
    return this.cases.submit(principal, idempotencyKey, body, FleetCase, (caseId, submitted) => ({
      input: { caseId, receivedAt: this.deps.clock.now().toISOString(), case: submitted },
      accepted: { caseId, status: 'received', links: { self: caseLink(caseId) } },
    }));
  }

  async get(principal: Principal, caseId: string): Promise<FleetCaseView> {
    return caseView(caseId, await this.cases.find(principal, caseId));
  }
}
