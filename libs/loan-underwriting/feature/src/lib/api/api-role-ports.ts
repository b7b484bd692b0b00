import type { ModelPort, PolicyPort } from '@baton/orchestration';
import { LoanError } from '../errors';

const refuse = (what: string) => (): never => {
  throw new LoanError('STEP_NOT_IN_THIS_ROLE', `the api role ${what}: policy and model steps run on workers`);
};

/**
 * The engine's policy and model ports in the API role. The API only starts runs, reads them and
 * delivers signals; starting stops at the first policy or model step and leaves it to a worker,
 * so these are never called. If one ever is, it fails loudly (retryable, so a worker takes the step).
 */
export const apiRolePorts: { readonly policy: PolicyPort; readonly model: ModelPort } = {
  policy: { decide: refuse('evaluates no policy'), mintPermit: refuse('mints no permit') },
  model: { invoke: refuse('calls no model') },
};
