// The loan underwriting app: one build, roles by ROLE (api, worker, relay or all), run by the
// platform's runtime from the vertical's definition.
import { loanVertical } from '@baton/loan-underwriting-feature';
import { runVertical } from '@baton/runtime';

void runVertical(loanVertical);
