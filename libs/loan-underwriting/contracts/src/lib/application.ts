import { z } from 'zod';

/** The 50 US states and DC: the only jurisdictions an application may name. */
export const US_JURISDICTIONS = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
] as const;
export const Jurisdiction = z.enum(US_JURISDICTIONS);
export type Jurisdiction = z.infer<typeof Jurisdiction>;

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'must be a real calendar date',
  );

export const EmploymentStatus = z.enum(['employed', 'self_employed', 'unemployed', 'retired', 'student']);
export type EmploymentStatus = z.infer<typeof EmploymentStatus>;

export const LoanPurpose = z.enum([
  'debt_consolidation',
  'home_improvement',
  'auto',
  'education',
  'medical',
  'business',
  'other',
]);
export type LoanPurpose = z.infer<typeof LoanPurpose>;

/**
 * Free text a person typed: trimmed, bounded, and without control characters (PostgreSQL's jsonb
 * and text refuse NUL; the others have no business in a name). Tabs and line breaks are allowed
 * only where `multiline`.
 */
export const PlainText = (max: number, options: { multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(
      // eslint-disable-next-line no-control-regex -- matching control characters is the point here
      options.multiline ? /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/ : /^[^\u0000-\u001f\u007f]*$/,
      'must not contain control characters',
    );

/** The person applying. Every field but `employmentStatus` and the amounts is personal data. */
export const Applicant = z.strictObject({
  firstName: PlainText(100),
  lastName: PlainText(100),
  dateOfBirth: CalendarDate,
  ssn: z.string().regex(/^\d{3}-\d{2}-\d{4}$/, 'must be an SSN as NNN-NN-NNNN'),
  email: z.email().max(254),
  jurisdiction: Jurisdiction,
  annualIncome: z.number().nonnegative().max(100_000_000),
  monthlyDebt: z.number().nonnegative().max(10_000_000),
  employmentStatus: EmploymentStatus,
});
export type Applicant = z.infer<typeof Applicant>;

export const LoanRequest = z.strictObject({
  amount: z.number().positive().max(5_000_000),
  termMonths: z.int().min(6).max(480),
  purpose: LoanPurpose,
});
export type LoanRequest = z.infer<typeof LoanRequest>;

/** What an applicant submits. `notes` is free text: never trusted, never an instruction. */
export const LoanApplication = z.strictObject({
  applicant: Applicant,
  loan: LoanRequest,
  notes: PlainText(2_000, { multiline: true }).optional(),
});
export type LoanApplication = z.infer<typeof LoanApplication>;

/** The underwriting workflow's input: the application as received, with its id and receipt time. */
export const UnderwritingRequest = z.strictObject({
  applicationId: z.string().min(1).max(100),
  /**
   * The data subject (the applicant) as a pseudonym: the key of this subject encrypts the
   * application's personal fields at rest, and erasing it makes them unreadable.
   */
  subjectId: z.string().min(1).max(100),
  receivedAt: z.iso.datetime(),
  application: LoanApplication,
});
export type UnderwritingRequest = z.infer<typeof UnderwritingRequest>;

/** Personal fields of an application, as paths: redacted before any model and in logs. */
export const APPLICANT_PERSONAL_FIELDS = [
  'applicant.firstName',
  'applicant.lastName',
  'applicant.dateOfBirth',
  'applicant.ssn',
  'applicant.email',
] as const;

/** Protected attributes under fair-lending law: never an input to a decision or a model. */
export const PROTECTED_ATTRIBUTES = ['race', 'religion', 'sex', 'maritalStatus', 'nationalOrigin'] as const;
