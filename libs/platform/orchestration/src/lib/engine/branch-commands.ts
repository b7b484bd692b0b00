import type { Envelope, MessageDefinition } from '@baton/contracts';
import { branchStepId, splitBranchId } from '../definition/branch-steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import type { RunEvent } from '../run/run-events';
import { stepIdempotencyKey } from '../run/run-ids';
import type { RunState } from '../run/run-state';
import { agentCommand } from './agent-command';
import { deadlineAt } from './deadlines';
import type { EngineDependencies } from './engine-dependencies';
import type { GroupStep } from './parallel-join';
import { plan, StepPlan, withTimer } from './step-plan';

/** A branch's (or a fan-out item's) command, under its branch id, with its attempt's reply timer. */
export function sendBranch(
  deps: Pick<EngineDependencies, 'topology' | 'clock'>,
  run: RunState,
  definition: WorkflowDefinition,
  id: string,
  visit: number,
  branch: string,
  attempt: number,
  call: { pattern: string; request: MessageDefinition; timeoutMs?: number },
  payload: unknown,
): StepPlan {
  const stepId = splitBranchId(id)?.stepId as string;
  const deadline = deadlineAt(run, stepId, visit);
  const { pattern, request } = call;
  const sent = agentCommand(deps, run, definition.id, {
    stepId: id,
    visit,
    attempt,
    pattern,
    request,
    payload,
    deadline,
  });
  const scheduled = plan(
    [
      {
        type: 'run.branch.scheduled',
        data: {
          stepId,
          visit,
          branch,
          attempt,
          commandId: sent.commandId,
          idempotencyKey: sent.idempotencyKey,
          deadline,
        },
      },
    ],
    [sent.message],
  );
  if (call.timeoutMs === undefined) return scheduled;
  const dueAt = new Date(deps.clock.now().getTime() + call.timeoutMs).toISOString();
  return withTimer(
    scheduled,
    { runId: run.runId, stepId: id, visit, epoch: run.epoch, attempt, kind: 'timeout' },
    dueAt,
  );
}

/** A reply after the join: recorded, and undone when the branch declares a compensation. */
export function lateReply(
  deps: Pick<EngineDependencies, 'topology' | 'clock'>,
  run: RunState,
  definition: WorkflowDefinition,
  stepId: string,
  step: GroupStep,
  visit: number,
  branch: string,
  envelope: Envelope,
): StepPlan {
  const inner = step.kind === 'parallel' ? step.branches[branch]?.step : undefined;
  const undo = inner?.kind === 'agent' ? inner.compensate : undefined;
  const parsed = agentReplyOf(step, branch).parse(envelope);
  const output = parsed.ok ? parsed.value.payload : null;
  const late: RunEvent = { type: 'run.branch.late', data: { stepId, visit, branch, output, compensated: !!undo } };
  if (!undo || !parsed.ok || inner?.kind !== 'agent') return plan([late]);
  const id = branchStepId(stepId, branch);
  const { message } = agentCommand(deps, run, definition.id, {
    stepId: id,
    visit,
    attempt: 1,
    pattern: undo.pattern,
    request: undo.request,
    payload: undo.input(inner.fold(run.state, output as never)),
    deadline: null,
    idempotencyKey: `${stepIdempotencyKey(run.runId, id, run.epoch)}:${visit}:compensate`,
  });
  return plan([late], [message]);
}

function agentReplyOf(step: GroupStep, branch: string): MessageDefinition {
  return step.kind === 'fanOut' ? step.step.reply : (step.branches[branch]?.step as { reply: MessageDefinition }).reply;
}
