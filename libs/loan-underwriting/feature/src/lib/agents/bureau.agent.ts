import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Envelope, PayloadOf } from '@baton/contracts';
import { REPLIES_ONLY } from '@baton/messaging';
import { CreditReportRequested, CreditReportReturned } from '@baton/loan-underwriting-contracts';
import type { DownstreamBreakers } from '@baton/orchestration';
import { BureauLedger } from '../outside/bureau-ledger';
import { behaveLike, OutsideSystemsConfig } from '../outside/outside-systems';
import { creditFile } from '../outside/seeded-records';
import { InjectBreakers, InjectBureauLedger, InjectOutsideSystems, replyMeta } from './agent-dependencies';

/**
 * Pulls the applicant's credit report from the (simulated) bureau, through the worker's shared
 * breaker for the bureau, with the step's idempotency key: the bureau bills one pull per key
 * however often it is asked.
 */
@Controller()
export class BureauAgent {
  constructor(
    @InjectOutsideSystems() private readonly outside: OutsideSystemsConfig,
    @InjectBreakers() private readonly breakers: DownstreamBreakers,
    @InjectBureauLedger() private readonly ledger: BureauLedger,
  ) {}

  @MessagePattern(CreditReportRequested.type, REPLIES_ONLY)
  async pull(@Payload() envelope: Envelope<PayloadOf<typeof CreditReportRequested>>) {
    const { applicationId, ssn } = envelope.payload;
    const file = await this.breakers.execute('credit-bureau', async () => {
      await behaveLike(this.outside, 'bureau', envelope.id, envelope.payload.applicationId);
      await this.ledger.recordRequest(envelope.idempotencyKey, applicationId);
      return creditFile(this.outside.seed, ssn);
    });
    return CreditReportReturned.create(
      { applicationId, ...file, reference: `pull-${envelope.idempotencyKey}` },
      replyMeta(envelope, 'loan.bureau'),
    );
  }
}
