import type { PolicyDecision } from '@baton/contracts';
import { signalNames, type Step } from '../definition/steps';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import type { WorkflowRegistry } from '../engine/workflow-registry';
import { reasonWritten } from '../engine/deadlines';
import { follow } from '../engine/follow';
import { branchExpectations, groupCompletion, reasonOf } from './replay-branches';
import type { RunEvent } from '../run/run-events';
import { emptyRun, evolveRun, RunState } from '../run/run-state';
import { runEventsFromStored } from '../run/stored-run-events';

/** One place where the current definitions disagree with a recorded history. */
export interface ReplayDivergence {
  /** The index of the recorded event (0 is `run.started`). */
  readonly index: number;
  readonly stepId: string | null;
  readonly reason: string;
}

export interface ReplayResult {
  readonly workflowId: string;
  readonly version: number;
  readonly divergences: readonly ReplayDivergence[];
}

/**
 * Replays a recorded run history through the workflow definitions registered now and lists
 * every divergence: a different start, a step the definition would not have taken, a fold or
 * compute that yields a different state, a branch that goes elsewhere, an end with another
 * outcome. Nothing outside is asked again: agent replies, policy decisions, model answers,
 * signals and timer outcomes enter only as the step results the history recorded, so a replay
 * is pure and exact. A change that would move an in-flight run onto another path shows here.
 *
 * @example
 * const { divergences } = replayRun(registry, JSON.parse(fs.readFileSync('fixtures/replay/approved.json', 'utf8')).events);
 * expect(divergences).toEqual([]);
 */
export function replayRun(
  workflows: WorkflowRegistry,
  history: ReadonlyArray<Pick<RunEvent, 'type' | 'data'>>,
): ReplayResult {
  // Completed steps may be stored as their changes: each gets its whole state back first.
  const events = runEventsFromStored(history);
  const first = events[0];
  if (first?.type !== 'run.started')
    return {
      workflowId: '',
      version: 0,
      divergences: [{ index: 0, stepId: null, reason: 'history does not begin with run.started' }],
    };
  const { workflowId, version } = first.data;
  let definition: WorkflowDefinition;
  try {
    definition = workflows.get(workflowId, version);
  } catch (error) {
    return { workflowId, version, divergences: [{ index: 0, stepId: null, reason: (error as Error).message }] };
  }
  const divergences: ReplayDivergence[] = [];
  const diverge = (index: number, stepId: string | null, reason: string) => divergences.push({ index, stepId, reason });

  if (first.data.startStep !== definition.start)
    diverge(0, null, `starts at "${first.data.startStep}", the definition at "${definition.start}"`);
  const initial = definition.state.safeParse(definition.initialState(definition.input.parse(first.data.input)));
  if (!initial.success || !sameJson(initial.data, first.data.state)) diverge(0, null, 'the initial state differs');

  let run: RunState = emptyRun('replay');
  const decisions = new Map<string, PolicyDecision>();
  events.forEach((event, index) => {
    switch (event.type) {
      case 'run.step.scheduled': {
        if (event.data.stepId !== run.current)
          diverge(
            index,
            event.data.stepId,
            `scheduled "${event.data.stepId}" where the definition is at "${run.current}"`,
          );
        break;
      }
      case 'run.parallel.started':
        if (event.data.stepId !== run.current)
          diverge(
            index,
            event.data.stepId,
            `started "${event.data.stepId}" where the definition is at "${run.current}"`,
          );
        break;
      case 'run.branch.completed': {
        const problem = branchExpectations(definition, run, event.data, decisions);
        if (problem) diverge(index, event.data.stepId, problem);
        break;
      }
      case 'run.policy.decided':
        decisions.set(event.data.stepId, event.data.decision);
        break;
      case 'run.step.completed': {
        const expectedStep = run.waiting?.stepId ?? run.current;
        const { stepId } = event.data;
        if (stepId !== expectedStep) {
          diverge(index, stepId, `completed "${stepId}" where the definition is at "${expectedStep}"`);
          break;
        }
        const step = definition.steps[stepId] as Step<unknown> | undefined;
        if (!step) {
          diverge(index, stepId, `step "${stepId}" no longer exists`);
          break;
        }
        const expected = expectedCompletion(step, run, event.data.output, decisions.get(stepId));
        if (!expected) {
          diverge(index, stepId, `a ${step.kind} step cannot complete this way`);
          break;
        }
        const parsed = definition.state.safeParse(expected.state);
        if (!parsed.success || !sameJson(parsed.data, event.data.state))
          diverge(index, stepId, `step "${stepId}" now yields a different state`);
        if (expected.next !== event.data.next)
          diverge(
            index,
            stepId,
            `step "${stepId}" now goes to "${expected.next}", the run went to "${event.data.next}"`,
          );
        break;
      }
      case 'run.completed': {
        const step = run.current ? (definition.steps[run.current] as Step<unknown> | undefined) : undefined;
        const endsHere = step?.kind === 'end' && step.outcome === event.data.outcome;
        if (!endsHere && run.status !== 'compensating')
          diverge(
            index,
            run.current,
            `the run ended ${event.data.outcome} at "${run.current}", where the definition does not end so`,
          );
        break;
      }
      default:
        break;
    }
    run = evolveRun(run, event, '');
  });
  return { workflowId, version, divergences };
}

function expectedCompletion(
  step: Step<unknown>,
  run: RunState,
  output: unknown,
  decision: PolicyDecision | undefined,
): { state: unknown; next: string | null } | null {
  const state = run.state;
  const deadline = (output as { deadline?: unknown } | null)?.deadline;
  if (step.kind === 'parallel' || step.kind === 'fanOut') return groupCompletion(step, run, output);
  if (deadline)
    return step.onDeadline ? { state: reasonWritten(step, state, reasonOf(deadline)), next: step.onDeadline } : null;
  switch (step.kind) {
    case 'compute': {
      const next = step.run(state);
      return { state: next, next: follow(step.next, next) };
    }
    case 'agent':
    case 'model':
    case 'child': {
      const next = step.fold(state, output as never);
      return { state: next, next: follow(step.next, next) };
    }
    case 'policy': {
      if (!decision) return null;
      return { state: step.fold ? step.fold(state, decision) : state, next: step.next[decision.effect] };
    }
    case 'signal': {
      const recorded = output as { timedOut?: boolean; signalId?: string; payload?: unknown } | null;
      if (recorded?.timedOut) return step.next.timeout ? { state, next: step.next.timeout } : null;
      // The name is not in the step's output: it is the received signal's, still pending here.
      const received = run.pendingSignals.find((signal) => signal.signalId === recorded?.signalId);
      const name = received?.name ?? signalNames(step)[0] ?? '';
      return { state: step.fold(state, recorded?.payload as never, name), next: step.next.received };
    }
    case 'sleep':
    case 'emit':
      return { state, next: follow(step.next, state) };
    case 'end':
      return null;
  }
}

/** Equality of JSON values regardless of key order. */
function sameJson(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stable((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
