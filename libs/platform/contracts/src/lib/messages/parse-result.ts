import type { ContractViolation } from '../errors/contract-violation';

/** A parse that succeeded with a typed value, or failed with every violation listed. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ContractViolation };
