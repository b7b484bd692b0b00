import { Inject } from '@nestjs/common';

/** The worker's shared circuit breakers, one per downstream (provided by the runtime). */
export { InjectBreakers } from '@baton/runtime';

/** Injection tokens of what the agents call through. */
export const OUTSIDE_SYSTEMS = Symbol('loan.outside-systems');
export const BUREAU_LEDGER = Symbol('loan.bureau-ledger');

export const InjectOutsideSystems = () => Inject(OUTSIDE_SYSTEMS);
export const InjectBureauLedger = () => Inject(BUREAU_LEDGER);

/** Who an agent's reply says it comes from (the platform's `replyMetaFor`). */
export { replyMetaFor as replyMeta } from '@baton/contracts';
