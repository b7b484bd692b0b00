import { APPLICANT_PERSONAL_FIELDS } from '@baton/loan-underwriting-contracts';
import type { PersonalDataPolicy } from '@baton/state-store';

/**
 * Which fields of the vertical's events are personal data, encrypted at rest with the data
 * subject's key: in every underwriting request (the run's input and each copy of its state),
 * the applicant's identifiers and the free-text notes, which may hold anything. The runtime's
 * `verticalEventStore(loanVertical, ...)` seals them with each subject's key.
 */
export const LOAN_PERSONAL_DATA: PersonalDataPolicy = {
  subjectField: 'subjectId',
  fields: [...APPLICANT_PERSONAL_FIELDS.map((field) => `application.${field}`), 'application.notes'],
};
