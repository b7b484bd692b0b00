import { encounterSchema, type EncounterAccepted, type EncounterView } from '@baton/patient-triage-contracts';
import type { Principal } from '@baton/http';
import type { EngineClock } from '@baton/orchestration';
import { RunResources, type RunClient } from '@baton/runtime';
import type { IdempotentResult } from '@baton/state-store';
import type { DataSource } from 'typeorm';
import { TriageError } from '../errors';
import { subjectIdFor } from '../phi/encounter-phi';
import { TRIAGE_ASSESS_WORKFLOW_ID } from '../workflow/triage.workflow';
import { encounterLink, encounterView } from './encounter-view';

/**
 * The encounters API's use cases, behind a thin controller: submit (idempotent on the
 * `Idempotency-Key`) and read, both scoped to the caller's tenant, through the runtime's
 * `RunResources`. The submission's registration goes into the run sealed under the subject id.
 *
 * @example const accepted = await service.submit(principal, request.header('idempotency-key'), request.body);
 */
export class EncountersService {
  private readonly encounters: RunResources;

  constructor(
    private readonly deps: { readonly runs: RunClient; readonly dataSource: DataSource; readonly clock: EngineClock },
  ) {
    this.encounters = new RunResources({
      runs: deps.runs,
      dataSource: deps.dataSource,
      workflowId: TRIAGE_ASSESS_WORKFLOW_ID,
      path: '/v1/encounters',
      noun: 'encounter',
      idPrefix: 'enc',
      notFound: (id) => new TriageError('ENCOUNTER_NOT_FOUND', `no encounter ${id}`),
    });
  }

  submit(
    principal: Principal,
    idempotencyKey: string | undefined,
    body: unknown,
  ): Promise<IdempotentResult<EncounterAccepted>> {
    return this.encounters.submit(principal, idempotencyKey, body, encounterSchema, (id, encounter) => ({
      input: {
        subjectId: subjectIdFor(principal.tenant, encounter.registration.mrn),
        receivedAt: this.deps.clock.now().toISOString(),
        encounter,
      },
      accepted: { id, encounterId: encounter.encounterId, status: 'received', links: { self: encounterLink(id) } },
    }));
  }

  async get(principal: Principal, id: string): Promise<EncounterView> {
    return encounterView(id, await this.encounters.find(principal, id));
  }
}
