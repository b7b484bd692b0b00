import { parseDlqRequest } from './dlq-request';

describe('parseDlqRequest', () => {
  it('reads list without a queue as every dead-letter queue of the vertical', () => {
    expect(parseDlqRequest(['list'])).toEqual({ command: 'queues' });
    expect(parseDlqRequest(['list', '--vertical', 'loan'])).toEqual({ command: 'queues', vertical: 'loan' });
    expect(parseDlqRequest(['--vertical=loan', 'list'])).toEqual({ command: 'queues', vertical: 'loan' });
  });

  it('names a consuming queue by its dead-letter queue, and keeps a message id', () => {
    expect(parseDlqRequest(['list', 'loan.v1.replies'])).toEqual({ command: 'list', queue: 'loan.v1.replies.dlq' });
    expect(parseDlqRequest(['show', 'loan.v1.replies.dlq', 'm-1', '--vertical', 'loan'])).toEqual({
      command: 'show',
      queue: 'loan.v1.replies.dlq',
      messageId: 'm-1',
      vertical: 'loan',
    });
  });

  it.each([
    [[]],
    [['purge', 'q']],
    [['show']],
    [['replay']],
    [['list', 'q', 'm-1']],
    [['show', 'q', 'm-1', 'extra']],
    [['list', '--bogus']],
    [['list', '--vertical']],
  ])('refuses %j', (args) => {
    expect(parseDlqRequest(args)).toBeNull();
  });
});
