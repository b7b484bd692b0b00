import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { replyMetaFor, type Envelope, type PayloadOf } from '@baton/contracts';
import { FleetLookupRequested, FleetLookupReturned } from '@baton/fleet-routing-contracts';
import { REPLIES_ONLY } from '@baton/messaging';
import type { DownstreamBreakers } from '@baton/orchestration';
import { InjectBreakers } from '@baton/runtime';
import { InjectLookupLedger, type LookupLedger } from '../outside/lookup-ledger';
import { InjectRegistry, type FleetRegistry } from '../outside/registry';

/**
 * Looks a case up in the registry, through the worker's shared breaker for it, and records the
 * lookup under the step's idempotency key. A thin map from message to call and back.
 */
@Controller()
export class LookupAgent {
  constructor(
    @InjectRegistry() private readonly registry: FleetRegistry,
    @InjectLookupLedger() private readonly ledger: LookupLedger,
    @InjectBreakers() private readonly breakers: DownstreamBreakers,
  ) {}

  @MessagePattern(FleetLookupRequested.type, REPLIES_ONLY)
  async lookup(@Payload() envelope: Envelope<PayloadOf<typeof FleetLookupRequested>>) {
    const { caseId, reference } = envelope.payload;
    const found = await this.breakers.execute('fleet-registry', async () => {
      await this.ledger.record(envelope.idempotencyKey, caseId);
      return this.registry.rate(reference);
    });
    return FleetLookupReturned.create({ caseId, ...found }, replyMetaFor(envelope, 'fleet.lookup'));
  }
}
