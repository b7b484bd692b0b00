// The Fleet routing app: one build, roles by ROLE (api, worker, relay or all), run by the
// platform's runtime from the vertical's definition.
import { fleetVertical } from '@baton/fleet-routing-feature';
import { runVertical } from '@baton/runtime';

void runVertical(fleetVertical);
