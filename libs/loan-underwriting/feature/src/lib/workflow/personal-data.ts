import { APPLICANT_PERSONAL_FIELDS } from '@baton/loan-underwriting-contracts';
import type { DataSource } from 'typeorm';
import {
  AuditKey,
  PersonalDataCipher,
  PersonalDataPolicy,
  PostgresEventStore,
  SubjectKeyring,
} from '@baton/state-store';

/**
 * Which fields of the vertical's events are personal data, encrypted at rest with the data
 * subject's key: in every underwriting request (the run's input and each copy of its state),
 * the applicant's identifiers and the free-text notes, which may hold anything.
 */
export const LOAN_PERSONAL_DATA: PersonalDataPolicy = {
  subjectField: 'subjectId',
  fields: [...APPLICANT_PERSONAL_FIELDS.map((field) => `application.${field}`), 'application.notes'],
};

/**
 * The vertical's event store: hash-chained, with personal fields sealed under each subject's key
 * before hashing, and revealed (or `[erased]`) on reading.
 *
 * @example const events = loanEventStore(dataSource, loadAuditKey(process.env));
 */
export function loanEventStore(dataSource: DataSource, auditKey: AuditKey): PostgresEventStore {
  return new PostgresEventStore(dataSource, auditKey, {
    personalData: new PersonalDataCipher(new SubjectKeyring(dataSource), LOAN_PERSONAL_DATA),
  });
}
