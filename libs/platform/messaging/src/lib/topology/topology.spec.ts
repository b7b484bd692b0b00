import { buildTopology, consumingQueueArguments, MIN_DELIVERY_LIMIT, queueFor } from './topology';

describe('buildTopology', () => {
  const topology = buildTopology({
    vertical: 'loan',
    version: 2,
    namespace: 'baton.test.x',
    commands: ['loan.kyc.check'],
    events: ['loan.decided'],
  });

  it('names exchanges per vertical and queues per handler, with the topology version in queue names', () => {
    expect(topology).toMatchObject({
      commandExchange: 'baton.test.x.loan.commands',
      eventExchange: 'baton.test.x.loan.events',
      deadLetterExchange: 'baton.test.x.loan.dlx',
      replyQueue: 'baton.test.x.loan.v2.replies',
    });
    expect(queueFor(topology, 'loan.kyc.check')).toEqual({
      name: 'baton.test.x.loan.v2.cmd.loan.kyc.check',
      kind: 'command',
      pattern: 'loan.kyc.check',
      exchange: 'baton.test.x.loan.commands',
      deadLetterQueue: 'baton.test.x.loan.v2.cmd.loan.kyc.check.dlq',
    });
    expect(queueFor(topology, 'loan.decided')?.exchange).toBe('baton.test.x.loan.events');
  });

  it('makes consuming queues quorum queues with an explicit delivery limit and at-least-once dead-lettering', () => {
    const spec = queueFor(topology, 'loan.kyc.check');
    expect(spec && consumingQueueArguments(topology, spec)).toEqual({
      'x-queue-type': 'quorum',
      'x-delivery-limit': MIN_DELIVERY_LIMIT,
      'x-dead-letter-exchange': 'baton.test.x.loan.dlx',
      'x-dead-letter-routing-key': 'baton.test.x.loan.v2.cmd.loan.kyc.check',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    });
  });

  it('refuses a delivery limit below 20 and names that break broker conventions', () => {
    expect(() => buildTopology({ vertical: 'loan', version: 1, commands: [], deliveryLimit: 5 })).toThrow(
      /at least 20/,
    );
    expect(() => buildTopology({ vertical: 'Loan Dept', version: 1, commands: [] })).toThrow(/lowercase/);
  });
});
