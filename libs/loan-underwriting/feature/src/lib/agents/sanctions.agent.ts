import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Envelope, PayloadOf } from '@baton/contracts';
import { REPLIES_ONLY } from '@baton/messaging';
import { SanctionsScreened, SanctionsScreenRequested } from '@baton/loan-underwriting-contracts';
import type { DownstreamBreakers } from '@baton/orchestration';
import { behaveLike, OutsideSystemsConfig } from '../outside/outside-systems';
import { sanctionsHit } from '../outside/seeded-records';
import { InjectBreakers, InjectOutsideSystems, replyMeta } from './agent-dependencies';

/** Screens the applicant against the (simulated) sanctions lists. */
@Controller()
export class SanctionsAgent {
  constructor(
    @InjectOutsideSystems() private readonly outside: OutsideSystemsConfig,
    @InjectBreakers() private readonly breakers: DownstreamBreakers,
  ) {}

  @MessagePattern(SanctionsScreenRequested.type, REPLIES_ONLY)
  async screen(@Payload() envelope: Envelope<PayloadOf<typeof SanctionsScreenRequested>>) {
    const { applicationId, fullName, dateOfBirth } = envelope.payload;
    await this.breakers.execute('sanctions', () =>
      behaveLike(this.outside, 'sanctions', envelope.id, envelope.payload.applicationId),
    );
    const list = sanctionsHit(fullName, dateOfBirth);
    return SanctionsScreened.create(
      { applicationId, match: list !== null, list, reference: `screen-${envelope.idempotencyKey}` },
      replyMeta(envelope, 'loan.sanctions'),
    );
  }
}
