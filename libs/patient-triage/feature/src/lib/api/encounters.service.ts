import {
  encounterSchema,
  type BoardView,
  type EncounterAccepted,
  type EncounterAuditTrail,
  type EncounterView,
} from '@baton/patient-triage-contracts';
import type { Principal } from '@baton/http';
import type { EngineClock } from '@baton/orchestration';
import { requireIdempotencyKey, RunResources, type RunClient } from '@baton/runtime';
import { auditTrail, recordAccessStreamId, type AuditKey, type IdempotentResult } from '@baton/state-store';
import type { DataSource } from 'typeorm';
import { subjectIdFor } from '../phi/encounter-phi';
import { boardEntry, byUrgency, encounterLink, encounterResources, encounterView } from './encounter-view';

/** What the encounters service needs: the run client, the store and its audit key, the engine's clock. */
export interface EncountersServiceDependencies {
  readonly runs: RunClient;
  readonly dataSource: DataSource;
  readonly auditKey: AuditKey;
  readonly clock: EngineClock;
  /** The most encounters the board shows (default 200). */
  readonly boardLimit?: number;
}

/**
 * The encounters API's use cases, behind thin controllers: submit (idempotent on the
 * `Idempotency-Key`), read, the board and the audit trail, all scoped to the caller's tenant,
 * through the runtime's `RunResources`. The submission's registration goes into the run sealed
 * under the subject id; reads show it to a clinician only.
 *
 * @example const accepted = await service.submit(principal, request.header('idempotency-key'), request.body);
 */
export class EncountersService {
  private readonly encounters: RunResources;

  constructor(private readonly deps: EncountersServiceDependencies) {
    this.encounters = encounterResources(deps);
  }

  /**
   * The id a submission with this key names, known before it runs (it derives from the tenant and
   * the key), so the access log can name the record a write touches; a missing or malformed key
   * is the 400 the submission would answer.
   */
  idFor(principal: Principal, idempotencyKey: string | undefined): string {
    return this.encounters.idFor(principal.tenant, requireIdempotencyKey(idempotencyKey, 'encounter'));
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

  /** The encounter, with the patient as the caller's role may see them. */
  async get(principal: Principal, id: string): Promise<EncounterView> {
    return encounterView(id, await this.encounters.find(principal, id), principal.role);
  }

  /**
   * The tenant's open encounters (received, in triage, or assigned and awaiting their
   * disposition), most urgent first, with how long each has waited by the engine's clock.
   */
  async board(principal: Principal): Promise<BoardView> {
    const now = this.deps.clock.now();
    const open = await this.encounters.list(principal, {
      statuses: ['running', 'waiting'],
      limit: this.deps.boardLimit ?? 200,
    });
    return {
      asOf: now.toISOString(),
      entries: open.items.map(({ id, run }) => boardEntry(id, run, principal.role, now)).sort(byUrgency),
      truncated: open.truncated,
    };
  }

  /** The run's events (personal fields masked) and the encounter's access log, each verified. */
  async audit(principal: Principal, id: string): Promise<EncounterAuditTrail> {
    const run = await this.encounters.find(principal, id);
    const { dataSource, auditKey } = this.deps;
    const [events, access] = await Promise.all([
      auditTrail(dataSource, auditKey, run.runId),
      auditTrail(dataSource, auditKey, recordAccessStreamId(id)),
    ]);
    return { id, events, access };
  }
}
