// The parts of a folded run that its step and branch events both touch.

/**
 * What a waiting run waits for: an agent's (or child's) reply, a wake-up (timer or signal), a
 * retry timer, or the branches of a parallel or fan-out step (`join`).
 */
export interface RunWait {
  readonly stepId: string;
  readonly visit: number;
  readonly commandId: string;
  readonly dueAt: string | null;
  readonly attempt: number;
  readonly kind: 'reply' | 'wake' | 'retry' | 'join';
}

/** One entry of a run's step history. */
export interface StepRecord {
  readonly stepId: string;
  readonly visit: number;
  readonly status: 'scheduled' | 'completed' | 'retrying' | 'compensated';
  readonly at: string;
  /** For a retry: the code of the failure that caused it. */
  readonly code?: string;
}
