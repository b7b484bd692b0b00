import { z } from 'zod';
import { calendarDateSchema } from './calendar-date';

/**
 * Every field of the registration is protected health information (HIPAA's identifiers): it is
 * kept sealed with the subject's key and never reaches a model, a command or a log line. The
 * triage rules read none of it; they get the age derived from the date of birth.
 */
export const PHI_FIELDS = ['name', 'mrn', 'dateOfBirth', 'address', 'phone', 'email', 'insurerId'] as const;

export const sexSchema = z.enum(['female', 'male', 'intersex', 'unknown']);
export type Sex = z.infer<typeof sexSchema>;

export const personNameSchema = z.strictObject({
  given: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  family: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});

export const postalAddressSchema = z.strictObject({
  line1: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  line2: z.string().max(200, 'must be at most 200 characters').nullable(),
  city: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  region: z.string().max(100, 'must be at most 100 characters'),
  postalCode: z.string().regex(/^[A-Za-z0-9 -]{2,12}$/, 'must be 2-12 letters, digits, spaces or dashes'),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US'),
});

export const registrationSchema = z.strictObject({
  name: personNameSchema,
  /** The hospital's medical record number. */
  mrn: z.string().regex(/^[A-Za-z0-9-]{4,20}$/, 'must be 4-20 letters, digits or dashes'),
  dateOfBirth: calendarDateSchema,
  sex: sexSchema,
  address: postalAddressSchema,
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{7,20}$/, 'must be 7-20 digits, spaces, dashes or brackets, optionally after +'),
  email: z.email('must be an email address').nullable(),
  insurerId: z
    .string()
    .regex(/^[A-Za-z0-9-]{4,30}$/, 'must be 4-30 letters, digits or dashes')
    .nullable(),
});
export type Registration = z.infer<typeof registrationSchema>;
