import { createHmac } from 'node:crypto';
import { derivedIdFor } from '@baton/runtime';

/**
 * An application's id from the tenant and the client's `Idempotency-Key`: a retried submission
 * names the same application even if the first attempt died before its response was stored.
 *
 * @example applicationIdFor('acme', '5f0c…') // 'app_3b1e…'
 */
export function applicationIdFor(tenant: string, idempotencyKey: string): string {
  return derivedIdFor(APPLICATION_ID_PREFIX, tenant, idempotencyKey);
}

/** Application ids read `app_…`. */
export const APPLICATION_ID_PREFIX = 'app';

/**
 * The data subject behind an application, as a pseudonym: a keyed hash of the tenant and the
 * applicant's SSN digits. One person has one subject per tenant across applications, so erasing
 * that subject makes all of their applications' personal fields unreadable; without the key the
 * pseudonym says nothing about the SSN.
 *
 * @example subjectIdFor(pseudonymKey, 'acme', '123-45-6789') // 'subj_9c41…'
 */
export function subjectIdFor(pseudonymKey: string, tenant: string, ssn: string): string {
  return `subj_${createHmac('sha256', pseudonymKey)
    .update(`${tenant}\u0000${ssn.replace(/\D/g, '')}`)
    .digest('hex')
    .slice(0, 24)}`;
}
