import { CreateOrchestration1764200000000 } from './1764200000000-create-orchestration';
import { TimerKinds1764300000000 } from './1764300000000-timer-kinds';
import { TimerLeases1764700000000 } from './1764700000000-timer-leases';
import { RunsByTenant1765100000000 } from './1765100000000-runs-by-tenant';

/** The orchestration tables' migrations, in order: pass them to `openStateStore`. */
export const orchestrationMigrations = [
  CreateOrchestration1764200000000,
  TimerKinds1764300000000,
  TimerLeases1764700000000,
  RunsByTenant1765100000000,
];
