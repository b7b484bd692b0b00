import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineWorkflow } from '../definition/workflow-definition';
import { stepsFor } from '../definition/step-builders';
import type { Step } from '../definition/steps';
import { WorkflowRegistry } from '../engine/workflow-registry';
import type { RunEvent } from '../run/run-events';
import { replayRun } from './replay-run';
import { storedRunEvent } from '../run/stored-run-events';
import { testWorkflows } from '../testing/test-workflows';
import { applicationSteps, applicationWorkflow, ApplicationState } from '../testing/loan-like-workflow';

const directory = join(__dirname, '../../../fixtures/replay');
const fixtures = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({
    file,
    ...(JSON.parse(readFileSync(join(directory, file), 'utf8')) as {
      description: string;
      histories: Array<{ runId: string; events: RunEvent[] }>;
    }),
  }));
const history = (file: string) =>
  (fixtures.find((fixture) => fixture.file === file)?.histories[0]?.events ?? []) as RunEvent[];

/** The application workflow with its registered id and version, but some steps changed. */
function changedApplication(steps: Record<string, Step<ApplicationState>>) {
  return new WorkflowRegistry().register(
    defineWorkflow({ ...applicationWorkflow, steps: { ...applicationSteps(), ...steps } }),
  );
}
const step = stepsFor<ApplicationState>();

describe('replayRun: recorded histories through the current definitions', () => {
  it('has fixtures for every kind of step history worth guarding', () => {
    expect(fixtures.map((fixture) => fixture.file.replace('.json', '')).sort()).toEqual([
      'application-approved',
      'application-check-failed',
      'application-denied',
      'application-referred',
      'deadline-fallback',
      'fanout-fleet',
      'nap',
      'parallel-checks',
      'parallel-gated',
      'parallel-race',
      'parent-with-child',
      'retrying-after-outage',
      'review-approved',
      'review-expired',
      'saga-compensated',
    ]);
  });

  it.each(fixtures.map((fixture) => [fixture.file, fixture.description, fixture.histories] as const))(
    '%s (%s) replays with zero divergence',
    (_file, _description, histories) => {
      for (const recorded of histories) {
        expect(replayRun(testWorkflows(), recorded.events).divergences).toEqual([]);
      }
    },
  );

  /** A recorded history as the engine stores it now: completed steps as their state changes. */
  const asStored = (events: readonly RunEvent[]) => {
    let state: unknown = null;
    return events.map((event) => {
      const stored = JSON.parse(JSON.stringify(storedRunEvent(event, state))) as RunEvent;
      if (event.type === 'run.started' || event.type === 'run.step.completed' || event.type === 'run.completed')
        state = event.data.state;
      return stored;
    });
  };

  it('replays every history stored as step changes with zero divergence, and still finds a change', () => {
    for (const fixture of fixtures) {
      for (const recorded of fixture.histories)
        expect(replayRun(testWorkflows(), asStored(recorded.events)).divergences).toEqual([]);
    }
    const stricter = changedApplication({
      score: step.compute({ run: (s) => ({ ...s, outcome: 'declined' }), next: 'announce' }),
    });
    expect(
      replayRun(stricter, asStored(history('application-approved.json'))).divergences.map(
        (divergence) => divergence.stepId,
      ),
    ).toContain('score');
  });

  it('finds a changed compute step that would move an in-flight run elsewhere', () => {
    const stricter = changedApplication({
      score: step.compute({ run: (s) => ({ ...s, outcome: 'declined' }), next: 'announce' }),
    });
    const { divergences } = replayRun(stricter, history('application-approved.json'));
    expect(divergences).toEqual([
      expect.objectContaining({ stepId: 'score', reason: 'step "score" now yields a different state' }),
    ]);
  });

  it('finds a changed branch after an agent reply', () => {
    const rerouted = changedApplication({
      check: {
        ...(applicationSteps().check as object),
        next: { when: [{ if: () => true, to: 'decline' }], otherwise: 'gate' },
      } as unknown as Step<ApplicationState>,
    });
    const { divergences } = replayRun(rerouted, history('application-approved.json'));
    expect(divergences[0]).toEqual(
      expect.objectContaining({
        stepId: 'check',
        reason: 'step "check" now goes to "decline", the run went to "gate"',
      }),
    );
  });

  it('finds a version that is no longer registered', () => {
    const { divergences } = replayRun(new WorkflowRegistry(), history('application-approved.json'));
    expect(divergences).toEqual([
      expect.objectContaining({ index: 0, reason: 'workflow test.application@v1 is not registered on this worker' }),
    ]);
  });
});
