import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Envelope, PayloadOf } from '@baton/contracts';
import { REPLIES_ONLY } from '@baton/messaging';
import { KycChecked, KycCheckRequested } from '@baton/loan-underwriting-contracts';
import type { DownstreamBreakers } from '@baton/orchestration';
import { behaveLike, OutsideSystemsConfig } from '../outside/outside-systems';
import { kycVerifies } from '../outside/seeded-records';
import { InjectBreakers, InjectOutsideSystems, replyMeta } from './agent-dependencies';

type KycRequest = Envelope<PayloadOf<typeof KycCheckRequested>>;

/** Verifies the applicant's identity with the (simulated) KYC provider. */
@Controller()
export class KycAgent {
  constructor(
    @InjectOutsideSystems() private readonly outside: OutsideSystemsConfig,
    @InjectBreakers() private readonly breakers: DownstreamBreakers,
  ) {}

  @MessagePattern(KycCheckRequested.type, REPLIES_ONLY)
  async check(@Payload() envelope: KycRequest) {
    const { applicationId, ssn } = envelope.payload;
    await this.breakers.execute('kyc', () =>
      behaveLike(this.outside, 'kyc', envelope.id, envelope.payload.applicationId),
    );
    return KycChecked.create(
      { applicationId, status: kycVerifies(ssn) ? 'verified' : 'failed', reference: `kyc-${envelope.idempotencyKey}` },
      replyMeta(envelope, 'loan.kyc'),
    );
  }
}
