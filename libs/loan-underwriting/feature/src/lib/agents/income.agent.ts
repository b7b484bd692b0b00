import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Envelope, PayloadOf } from '@baton/contracts';
import { REPLIES_ONLY } from '@baton/messaging';
import { IncomeVerificationRequested, IncomeVerified } from '@baton/loan-underwriting-contracts';
import type { DownstreamBreakers } from '@baton/orchestration';
import { behaveLike, OutsideSystemsConfig } from '../outside/outside-systems';
import { incomeRecord } from '../outside/seeded-records';
import { InjectBreakers, InjectOutsideSystems, replyMeta } from './agent-dependencies';

/** Verifies stated income against (simulated) payroll or tax records. */
@Controller()
export class IncomeAgent {
  constructor(
    @InjectOutsideSystems() private readonly outside: OutsideSystemsConfig,
    @InjectBreakers() private readonly breakers: DownstreamBreakers,
  ) {}

  @MessagePattern(IncomeVerificationRequested.type, REPLIES_ONLY)
  async verify(@Payload() envelope: Envelope<PayloadOf<typeof IncomeVerificationRequested>>) {
    const { applicationId, employmentStatus, statedAnnualIncome } = envelope.payload;
    await this.breakers.execute('income-verification', () =>
      behaveLike(this.outside, 'income', envelope.id, envelope.payload.applicationId),
    );
    const record = incomeRecord(this.outside.seed, applicationId, employmentStatus, statedAnnualIncome);
    return IncomeVerified.create(
      { applicationId, ...record, reference: `income-${envelope.idempotencyKey}` },
      replyMeta(envelope, 'loan.income'),
    );
  }
}
