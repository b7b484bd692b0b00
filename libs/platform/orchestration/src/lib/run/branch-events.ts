/** Where a branch (or a fan-out's item) of a parallel step is: data, folded from its events. */
export interface BranchEventKey {
  /** The parallel or fan-out step. */
  readonly stepId: string;
  readonly visit: number;
  /** The branch's name (a fan-out's item index, as a string). */
  readonly branch: string;
}

/** The events of parallel and fan-out steps, and of deadlines (part of {@link RunEvent}). */
export type BranchRunEvent =
  | {
      type: 'run.parallel.started';
      data: { stepId: string; visit: number; join: 'all' | 'any'; branches: string[]; window: number };
    }
  | {
      type: 'run.branch.scheduled';
      data: BranchEventKey & { attempt: number; commandId: string; idempotencyKey: string; deadline: string | null };
    }
  /** `value` is what the branch put in its `into` key (a fan-out's item: the reply). */
  | { type: 'run.branch.completed'; data: BranchEventKey & { value: unknown; output: unknown } }
  | {
      type: 'run.branch.retry.scheduled';
      data: BranchEventKey & {
        failedAttempt: number;
        code: string;
        message: string;
        delayMs: number;
        dueAt: string;
      };
    }
  | { type: 'run.branch.failed'; data: BranchEventKey & { code: string; message: string } }
  /** A reply after its step joined (`any`, or a deadline): recorded, ignored, compensated when declared. */
  | { type: 'run.branch.late'; data: BranchEventKey & { output: unknown; compensated: boolean } }
  /** The deadline of a step's visit over all its attempts (`deadlineMs`), set on its first attempt. */
  | { type: 'run.deadline.set'; data: { stepId: string; visit: number; deadline: string } };
