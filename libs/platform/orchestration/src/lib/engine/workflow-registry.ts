import { agentCalls } from '../definition/branch-steps';
import { MessageRegistry } from '@baton/contracts';
import { OrchestrationError } from '../definition/errors';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { continuationMessages } from '../continuation/continuation-messages';

/**
 * The workflows a worker can run, by id and version. Several versions live side by side: a run
 * always continues on the version it started with; an unknown version fails loudly.
 */
export class WorkflowRegistry {
  private readonly byId = new Map<string, Map<number, WorkflowDefinition>>();

  register(...definitions: WorkflowDefinition[]): this {
    for (const definition of definitions) {
      const versions = this.byId.get(definition.id) ?? new Map<number, WorkflowDefinition>();
      if (versions.has(definition.version))
        throw new OrchestrationError('INVALID_WORKFLOW', `${definition.id}@v${definition.version} is registered twice`);
      versions.set(definition.version, definition);
      this.byId.set(definition.id, versions);
    }
    return this;
  }

  get(id: string, version: number): WorkflowDefinition {
    const definition = this.byId.get(id)?.get(version);
    if (!definition)
      throw new OrchestrationError('UNKNOWN_WORKFLOW', `workflow ${id}@v${version} is not registered on this worker`);
    return definition;
  }

  latest(id: string): WorkflowDefinition {
    const versions = [...(this.byId.get(id)?.keys() ?? [])].sort((a, b) => b - a);
    if (versions.length === 0) throw new OrchestrationError('UNKNOWN_WORKFLOW', `workflow ${id} is not registered`);
    return this.get(id, versions[0] as number);
  }

  /** Every registered definition, every version. */
  definitions(): WorkflowDefinition[] {
    return [...this.byId.values()].flatMap((versions) => [...versions.values()]);
  }

  /** Every message a continuation queue may carry: engine messages, every agent step's reply and compensation reply. */
  continuationRegistry(): MessageRegistry {
    const registry = continuationMessages();
    const seen = new Set(registry.definitions());
    for (const versions of this.byId.values()) {
      for (const definition of versions.values()) {
        for (const step of agentCalls(definition)) {
          for (const reply of step.compensate ? [step.reply, step.compensate.reply] : [step.reply]) {
            if (seen.has(reply) || registry.versionsOf(reply.type).some((d) => d.version === reply.version)) continue;
            registry.register(reply);
            seen.add(reply);
          }
        }
      }
    }
    return registry;
  }
}
