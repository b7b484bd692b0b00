/** Who is calling: from a verified bearer token, set on the request by `BearerAuthGuard`. */
export interface Principal {
  /** The token's `sub`: a person or service account, for audit trails. */
  readonly subject: string;
  /** One role (`intake`, `underwriter`, `auditor`); routes name the roles they admit with `@Roles`. */
  readonly role: string;
  /** Whose data this is; rate limits are per tenant. */
  readonly tenant: string;
}

/** The request field `BearerAuthGuard` fills. */
export interface RequestWithPrincipal {
  principal?: Principal;
}
