import { z } from 'zod';
import { verticalEnvSchema } from '@baton/config';
import type { MessageRegistry } from '@baton/contracts';
import { defaultModels } from '@baton/llm';
import { validateKpiDefinition } from '@baton/observability';
import type { Topology } from '@baton/messaging';
import { deriveTopology, modelCatalogue, WorkflowRegistry } from '@baton/orchestration';
import { parsePolicyDocument, PolicyDocument } from '@baton/policy';
import { deriveMessageRegistry } from '../derive/derive-messages';
import { verticalMigrations } from '../derive/derive-migrations';
import { RuntimeError } from '../errors';
import type {
  ConfiguredModel,
  MigrationClass,
  VerticalConfig,
  VerticalDefinition,
  VerticalSettings,
} from './vertical-definition';

const NAME = /^[a-z][a-z0-9-]*$/;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** A defined vertical: its definition, and what the runtime derives from it once. */
export interface Vertical<Shape extends z.ZodRawShape = z.ZodRawShape> {
  readonly definition: VerticalDefinition<Shape>;
  readonly name: string;
  /** `DATABASE_SCHEMA` and `BROKER_NAMESPACE` when none is set. */
  readonly defaults: { readonly schema: string; readonly namespace: string };
  /** `verticalEnvSchema` with the vertical's own variables and its schema default. */
  readonly envSchema: z.ZodType<VerticalConfig<Shape>>;
  /** Every migration its schema needs, platform first. */
  readonly migrations: readonly MigrationClass[];
  /** Its policy documents, validated when the vertical was defined. */
  readonly policies: readonly PolicyDocument[];
  /** Reads the configuration from an environment (a process passes `process.env`, once). */
  readConfig(env?: Readonly<Record<string, string | undefined>>): VerticalConfig<Shape>;
  /** The model a configuration names. */
  modelOf(config: VerticalConfig<Shape>): ConfiguredModel;
  /** Its workflows under a configuration (the defaults when none is given). */
  workflows(settings?: VerticalSettings<VerticalConfig<Shape>>): WorkflowRegistry;
  /** Its broker topology under a namespace (the default namespace when none is given). */
  topology(namespace?: string): Topology;
  /** Every message it speaks. */
  messages(): MessageRegistry;
}

/**
 * Defines a vertical as data: its name, workflows, agents, API, policies, migrations, personal
 * data and outside systems. The definition is checked here, once (names, policies, that every
 * model step names its prompt and output by value), so a broken vertical fails at import, not
 * at its first run. `runVertical` runs it; tools find it in `tools/verticals.ts`.
 *
 * @example
 * export const loanVertical = defineVertical({
 *   name: 'loan', title: 'Loan underwriting', roles: ['intake', 'underwriter', 'auditor'],
 *   workflows: ({ config, model }) => underwritingWorkflows({ reviewTimeoutMs: config.REVIEW_TIMEOUT_MS, model }),
 *   agents: { controllers: [KycAgent, BureauAgent] },
 * });
 */
export function defineVertical<Shape extends z.ZodRawShape = Record<never, never>>(
  definition: VerticalDefinition<Shape>,
): Vertical<Shape> {
  const invalid = (message: string) => new RuntimeError('INVALID_VERTICAL', `vertical ${definition.name}: ${message}`);
  if (!NAME.test(definition.name)) throw invalid(`the name must match ${NAME}`);
  const defaults = {
    schema: definition.defaults?.schema ?? definition.name.replace(/-/g, '_'),
    namespace: definition.defaults?.namespace ?? '',
  };
  if (!SQL_IDENTIFIER.test(defaults.schema)) throw invalid(`the default schema must match ${SQL_IDENTIFIER}`);
  if (definition.roles.length === 0) throw invalid('name at least one role for its tokens');

  const envSchema = verticalEnvSchema.extend({
    ...(definition.env ?? {}),
    DATABASE_SCHEMA: z.string().regex(SQL_IDENTIFIER, 'must be a lower-case SQL identifier').default(defaults.schema),
    BROKER_NAMESPACE: z
      .string()
      .regex(/^[a-z0-9_.-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"')
      .default(defaults.namespace),
  }) as unknown as z.ZodType<VerticalConfig<Shape>>;

  try {
    if (definition.kpis) validateKpiDefinition(definition.name, definition.kpis);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const policies = (definition.policies ?? []).map((raw, index) =>
    parsePolicyDocument(raw, `vertical ${definition.name} policy #${index + 1}`),
  );
  const readConfig = (env: Readonly<Record<string, string | undefined>> = {}) => {
    const parsed = envSchema.safeParse(env);
    if (parsed.success) return parsed.data;
    // The process's own reading goes through @baton/config's loadConfig for its readable error.
    throw invalid(`its default configuration does not parse: ${parsed.error.message}`);
  };
  const modelOf = (config: VerticalConfig<Shape>): ConfiguredModel => ({
    provider: config.LLM_PROVIDER,
    name: config.LLM_MODEL ?? defaultModels[config.LLM_PROVIDER],
  });
  const defaultSettings = (): VerticalSettings<VerticalConfig<Shape>> => {
    const config = readConfig({});
    return { config, model: modelOf(config) };
  };
  const workflows = (settings = defaultSettings()) =>
    new WorkflowRegistry().register(...definition.workflows(settings));

  const vertical: Vertical<Shape> = {
    definition,
    name: definition.name,
    defaults,
    envSchema,
    migrations: verticalMigrations(definition.migrations),
    policies,
    readConfig,
    modelOf,
    workflows,
    topology: (namespace = defaults.namespace) =>
      deriveTopology(
        { vertical: definition.name, version: definition.topologyVersion ?? 1, workflows: workflows().definitions() },
        namespace,
      ),
    messages: () => deriveMessageRegistry(definition.name, workflows().definitions(), definition.messages ?? []),
  };
  // Checked now: model steps carry their templates, and the derived names are legal.
  try {
    modelCatalogue(workflows().definitions());
    vertical.topology();
    vertical.messages();
  } catch (error) {
    throw invalid((error as Error).message);
  }
  return vertical;
}
