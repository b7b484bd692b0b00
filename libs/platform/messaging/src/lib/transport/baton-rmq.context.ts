import { BaseRpcContext } from '@nestjs/microservices';
import type { AsyncMessage } from 'rabbitmq-client';
import type { Envelope } from '@baton/contracts';
import type { EntityManager } from 'typeorm';
import { MessagingError } from '../errors';

/** The header a workflow step's deadline travels in (ISO time), set by the engine on agent commands. */
export const DEADLINE_HEADER = 'x-baton-deadline';

type ContextArgs = [message: AsyncMessage, envelope: Envelope, queue: string, manager: EntityManager | null];

/**
 * What a handler can see of the message it handles: the raw AMQP message, the validated
 * envelope, the queue, and (when the transport runs handlers inside the inbox) the transaction
 * the handler's state change must use to commit with the inbox row.
 *
 * @example
 * @MessagePattern('loan.kyc.check')
 * check(@Payload() envelope: Envelope<KycRequest>, @Ctx() context: BatonRmqContext) { context.getTransaction(); }
 */
export class BatonRmqContext extends BaseRpcContext<ContextArgs> {
  getMessage(): AsyncMessage {
    return this.args[0];
  }

  getEnvelope(): Envelope {
    return this.args[1];
  }

  getQueue(): string {
    return this.args[2];
  }

  /** The step's deadline over all its attempts (`x-baton-deadline`), or null when it has none. */
  getDeadline(): Date | null {
    const value = this.getMessage().headers?.[DEADLINE_HEADER];
    if (typeof value !== 'string') return null;
    const at = new Date(value);
    return Number.isNaN(at.getTime()) ? null : at;
  }

  /**
   * Refuses work that cannot finish before the step's deadline: throws `DEADLINE_UNREACHABLE`
   * (a typed, non-retryable reply) when `expectedMs` from `now` passes it.
   *
   * @example context.refuseUnlessTimeFor(bureau.expectedLatencyMs);
   */
  refuseUnlessTimeFor(expectedMs: number, now: Date = new Date()): void {
    const deadline = this.getDeadline();
    if (deadline && now.getTime() + expectedMs > deadline.getTime())
      throw new MessagingError(
        'DEADLINE_UNREACHABLE',
        `${this.getEnvelope().type} needs about ${expectedMs} ms; its deadline ${deadline.toISOString()} is sooner`,
      );
  }

  /** The inbox transaction, or null when the server runs without an inbox. */
  getTransaction(): EntityManager | null {
    return this.args[3];
  }
}
