import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { replyMetaFor, type Envelope, type PayloadOf } from '@baton/contracts';
import { TriageEhrRequested, TriageEhrReturned, type EhrSummary } from '@baton/patient-triage-contracts';
import { REPLIES_ONLY } from '@baton/messaging';
import type { DownstreamBreakers } from '@baton/orchestration';
import { InjectBreakers } from '@baton/runtime';
import { InjectEhr, type EhrSystem } from '../outside/ehr-system';

const UNAVAILABLE: EhrSummary = { available: false, conditions: [], allergies: [], medications: [], priorVisits90d: 0 };

/**
 * Looks the subject up in the EHR through the worker's breaker for it. An EHR that does not
 * answer (outage, or its breaker open) is a finding, not a failure: the agent replies the record
 * unavailable and triage goes on with the rules and the guidelines, flagged.
 */
@Controller()
export class EhrAgent {
  constructor(
    @InjectEhr() private readonly ehr: EhrSystem,
    @InjectBreakers() private readonly breakers: DownstreamBreakers,
  ) {}

  @MessagePattern(TriageEhrRequested.type, REPLIES_ONLY)
  async lookup(@Payload() envelope: Envelope<PayloadOf<typeof TriageEhrRequested>>) {
    const { encounterId, subjectRef } = envelope.payload;
    const ehr = await this.breakers
      .execute('triage-ehr', () => this.ehr.lookup(subjectRef))
      .then((found): EhrSummary => ({ available: true, ...found }))
      .catch((): EhrSummary => UNAVAILABLE);
    return TriageEhrReturned.create({ encounterId, ehr }, replyMetaFor(envelope, 'triage.ehr'));
  }
}
