// The Patient triage app: one build, roles by ROLE (api, worker, relay or all), run by the
// platform's runtime from the vertical's definition.
import { triageVertical } from '@baton/patient-triage-feature';
import { runVertical } from '@baton/runtime';

void runVertical(triageVertical);
