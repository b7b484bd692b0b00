import { buildTopology, Topology } from '@baton/messaging';
import { agentCalls } from './branch-steps';
import type { Step } from './steps';
import type { WorkflowDefinition } from './workflow';

/** What a topology is derived from: the vertical's name and version, and its workflows. */
export interface TopologySource {
  readonly vertical: string;
  readonly version?: number;
  readonly workflows: readonly WorkflowDefinition[];
}

/**
 * The vertical's broker topology, derived from its workflows: a command queue for every agent
 * step's pattern and every compensation's, an event queue (bound on the event exchange) for
 * every event an emit step publishes, and the continuation queue; each with its dead-letter
 * queue. No vertical lists its queues by hand.
 *
 * @example deriveTopology({ vertical: 'loan', workflows: [underwritingWorkflow(options)] }, 'baton.test.abc')
 */
export function deriveTopology(source: TopologySource, namespace?: string): Topology {
  const commands = new Set<string>();
  const events = new Set<string>();
  for (const workflow of source.workflows) {
    for (const call of agentCalls(workflow)) {
      commands.add(call.pattern);
      if (call.compensate) commands.add(call.compensate.pattern);
    }
    for (const step of Object.values(workflow.steps) as Array<Step<unknown>>) {
      if (step.kind === 'emit') events.add(step.event.type);
    }
  }
  return buildTopology({
    vertical: source.vertical,
    version: source.version ?? 1,
    ...(namespace ? { namespace } : {}),
    commands: [...commands],
    events: [...events],
  });
}
