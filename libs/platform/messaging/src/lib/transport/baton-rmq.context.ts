import { BaseRpcContext } from '@nestjs/microservices';
import type { AsyncMessage } from 'rabbitmq-client';
import type { Envelope } from '@baton/contracts';
import type { EntityManager } from 'typeorm';

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

  /** The inbox transaction, or null when the server runs without an inbox. */
  getTransaction(): EntityManager | null {
    return this.args[3];
  }
}
