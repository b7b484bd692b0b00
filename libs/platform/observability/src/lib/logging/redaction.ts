/**
 * Field names that hold personal data in Baton's verticals (applicants, patients, drivers).
 * Matched by exact key, case-sensitively, at any depth up to {@link REDACT_DEPTH}.
 */
export const PERSONAL_FIELDS = [
  'ssn',
  'socialSecurityNumber',
  'nationalId',
  'taxId',
  'passportNumber',
  'dateOfBirth',
  'dob',
  'email',
  'firstName',
  'lastName',
  'fullName',
  'phone',
  'phoneNumber',
  'address',
  'iban',
  'accountNumber',
  'password',
] as const;

/** Credentials and cookies of HTTP requests and responses (pino-http's serialised shape). */
export const HTTP_SECRET_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'req.body',
  'res.body',
] as const;

/** How deep below the log record a personal field is still found (`a.b.c.d.email` is depth 4). */
export const REDACT_DEPTH = 4;

/**
 * pino redact paths for the given field names at every depth from 0 to `depth`. pino's `*`
 * matches one level only, so `*.email` alone would miss `applicant.contact.email`.
 *
 * @example redactPaths(['ssn'], 2) // ['ssn', '*.ssn', '*.*.ssn']
 */
export function redactPaths(fields: readonly string[], depth = REDACT_DEPTH): string[] {
  const paths: string[] = [];
  for (const field of fields) {
    const key = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
    for (let level = 0; level <= depth; level += 1)
      paths.push(level === 0 ? key : `${'*.'.repeat(level)}${key}`.replace('.[', '['));
  }
  return paths;
}

/** The default redaction list: every personal field at any depth, plus HTTP secrets. */
export const DEFAULT_REDACT_PATHS: readonly string[] = [...redactPaths(PERSONAL_FIELDS), ...HTTP_SECRET_PATHS];

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';
