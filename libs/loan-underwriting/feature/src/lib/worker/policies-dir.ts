import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The vertical's `policies/` folder, from the source tree or from a build beside it. */
export function loanPoliciesDir(from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'libs/loan-underwriting/feature/policies');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`libs/loan-underwriting/feature/policies not found above ${from}`);
}
