import { LlmError } from '../errors/llm-error';
import type { PromptTemplate } from './prompt-template';

/**
 * The templates a vertical ships, looked up by id and version, so a workflow definition (data)
 * can name the prompt it uses and old versions stay available for replay.
 *
 * @example
 * const prompts = new PromptCatalogue().add(assessRisk);
 * const template = prompts.get('loan.assess-risk', '1.0.0');
 */
export class PromptCatalogue {
  private readonly templates = new Map<string, PromptTemplate>();

  /** Adds a template; the same id and version twice with different text is refused. */
  add(template: PromptTemplate): this {
    const key = `${template.id}@${template.version}`;
    const existing = this.templates.get(key);
    if (existing && existing.hash !== template.hash) {
      throw new LlmError('PROMPT_INVALID', `${key} is already defined with different text; bump the version`);
    }
    this.templates.set(key, template);
    return this;
  }

  /** The template with this id and version, or PROMPT_INVALID. */
  get(id: string, version: string): PromptTemplate {
    const template = this.templates.get(`${id}@${version}`);
    if (!template) throw new LlmError('PROMPT_INVALID', `no prompt template ${id}@${version}`);
    return template;
  }
}
