import { MessageDefinition, MessageRegistry, platformMessages } from '@baton/contracts';
import { agentCalls, continuationMessages, type Step, type WorkflowDefinition } from '@baton/orchestration';

/**
 * Every message a vertical speaks, derived from its workflows (agent commands and replies,
 * compensations, emitted events) plus the continuation messages, the platform's own, and any
 * extra the vertical names: the registry its consumers validate with and the contracts export
 * writes. A definition named twice (one reply shared by two steps) is registered once.
 *
 * @example deriveMessageRegistry('loan', workflows).definitions().map((d) => d.type)
 */
export function deriveMessageRegistry(
  vertical: string,
  workflows: readonly WorkflowDefinition[],
  extra: readonly MessageDefinition[] = [],
): MessageRegistry {
  const registry = new MessageRegistry(vertical);
  const add = (definition: MessageDefinition) => {
    if (registry.versionsOf(definition.type).some((known) => known.version === definition.version)) return;
    registry.register(definition);
  };
  for (const definition of [...platformMessages().definitions(), ...continuationMessages().definitions()])
    add(definition);
  for (const workflow of workflows) {
    for (const call of agentCalls(workflow)) {
      add(call.request);
      add(call.reply);
      if (call.compensate) {
        add(call.compensate.request);
        add(call.compensate.reply);
      }
    }
    for (const step of Object.values(workflow.steps) as Array<Step<unknown>>) if (step.kind === 'emit') add(step.event);
  }
  for (const definition of extra) add(definition);
  return registry;
}
