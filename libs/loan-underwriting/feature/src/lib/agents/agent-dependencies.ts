import { Inject } from '@nestjs/common';

/** The worker's shared circuit breakers, one per downstream (provided by the runtime). */
export { InjectBreakers } from '@baton/runtime';

/** Injection tokens of what the agents call through. */
export const OUTSIDE_SYSTEMS = Symbol('loan.outside-systems');
export const BUREAU_LEDGER = Symbol('loan.bureau-ledger');

export const InjectOutsideSystems = () => Inject(OUTSIDE_SYSTEMS);
export const InjectBureauLedger = () => Inject(BUREAU_LEDGER);

/** Who an agent's reply says it comes from. */
export const replyMeta = (envelope: { correlationId: string; id: string; tenantId: string }, agent: string) => ({
  correlationId: envelope.correlationId,
  causationId: envelope.id,
  tenantId: envelope.tenantId,
  actor: { kind: 'service' as const, id: agent },
});
