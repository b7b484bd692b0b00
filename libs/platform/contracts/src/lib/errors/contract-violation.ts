import { BatonError, ErrorCatalogue, isBatonError } from './baton-error';

/** One failing rule at one path of a message, e.g. `{ path: 'payload.amount', rule: 'too_small' }`. */
export interface ContractIssue {
  /** Dotted path from the message root; array indexes are numbers (`items.2.sku`). */
  readonly path: string;
  /** The rule that failed: zod's issue code (`invalid_type`, `unrecognized_keys`, ...) or `no_nul_character`. */
  readonly rule: string;
  readonly message: string;
}

export const contractErrorCodes = {
  CONTRACT_VIOLATION: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  UNKNOWN_MESSAGE_TYPE: { httpStatus: 400, outcome: 'dead-letter', retryable: false },
  INVALID_CONTRACT_DEFINITION: { httpStatus: 500, outcome: 'dead-letter', retryable: false },
} as const satisfies ErrorCatalogue<string>;

export type ContractErrorCode = keyof typeof contractErrorCodes;

/** Raised by the contracts library: bad messages and bad definitions. */
export class ContractError extends BatonError<ContractErrorCode> {
  constructor(code: ContractErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, contractErrorCodes[code], message, options);
  }
}

/**
 * A message that does not satisfy its contract. Lists every failing path and rule, so an HTTP
 * problem body or a dead-letter header can name them all.
 *
 * @example
 * const result = LoanRequested.parse(raw);
 * if (!result.ok) console.error(result.error.issues.map((i) => `${i.path}: ${i.rule}`));
 */
export class ContractViolation extends ContractError {
  constructor(
    readonly messageType: string,
    readonly issues: readonly ContractIssue[],
  ) {
    super('CONTRACT_VIOLATION', `${messageType} violates its contract: ${summarise(issues)}`);
  }
}

function summarise(issues: readonly ContractIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'} [${issue.rule}] ${issue.message}`).join('; ');
}

/** True for a {@link ContractViolation}, across package copies. */
export function isContractViolation(value: unknown): value is ContractViolation {
  return (
    isBatonError(value) && value.code === 'CONTRACT_VIOLATION' && Array.isArray((value as ContractViolation).issues)
  );
}
