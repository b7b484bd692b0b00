import { randomBytes } from 'node:crypto';

/**
 * A name unique to one run of one suite, safe as a Postgres identifier and in RabbitMQ names:
 * lowercase letters, digits and underscores, at most 40 characters.
 *
 * @example uniqueSuiteName('Outbox relay') // 'outbox_relay_3f9a1c2b'
 */
export function uniqueSuiteName(suite: string): string {
  const slug =
    suite
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 28) || 'suite';
  return `${slug}_${randomBytes(4).toString('hex')}`;
}
