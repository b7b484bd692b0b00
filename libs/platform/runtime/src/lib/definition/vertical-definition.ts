import type { Provider, Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { VerticalEnv } from '@baton/config';
import type { MessageDefinition } from '@baton/contracts';
import type { ApiRoute } from '@baton/http';
import type { DeterministicRules, JsonObject } from '@baton/llm';
import type { KpiDefinition } from '@baton/observability';
import type { BreakerOptions, DownstreamBreakers, EngineClock, WorkflowDefinition } from '@baton/orchestration';
import type { AccessLog, AuditKey, PersonalDataPolicy, PostgresEventStore } from '@baton/state-store';
import type { RunClient } from '../client/run-client';

/** A migration class, as TypeORM takes them (listed explicitly: globs break in builds). */
export type MigrationClass = new () => unknown;

/** The configuration a vertical's processes run with: the platform's variables and its own. */
export type VerticalConfig<Shape extends z.ZodRawShape = z.ZodRawShape> = Omit<VerticalEnv, 'DATABASE_SCHEMA'> & {
  readonly DATABASE_SCHEMA: string;
} & z.output<z.ZodObject<Shape>>;

/** The model the gateway is configured with: policies judge its provider, decisions name it. */
export interface ConfiguredModel {
  readonly provider: string;
  readonly name: string;
}

/** What a vertical's workflows are built from: data only, so tools can derive topology without a database. */
export interface VerticalSettings<Config> {
  readonly config: Config;
  readonly model: ConfiguredModel;
}

/** What a worker gives a vertical's outside systems and agents. */
export interface WorkerContext<Config> extends VerticalSettings<Config> {
  readonly dataSource: DataSource;
  /** One circuit breaker per downstream, shared by every agent of the process. */
  readonly breakers: DownstreamBreakers;
  readonly clock: EngineClock;
}

/** What an API process gives a vertical's API providers. */
export interface ApiContext<Config> extends VerticalSettings<Config> {
  readonly dataSource: DataSource;
  /** Starts, signals, cancels and reads runs; never calls a policy engine or a model. */
  readonly runs: RunClient;
  /** The vertical's event store: hash-chained, personal fields sealed per subject. */
  readonly events: PostgresEventStore;
  /**
   * Appends an access event per read or write of a subject record (HIPAA 164.312(b)); also a
   * provider, so controllers inject it and answer through `withAccessLog` from `@baton/http`.
   */
  readonly accessLog: AccessLog;
  readonly auditKey: AuditKey;
  /** A secret generated once per schema and kept in the database (pseudonym keys and the like). */
  secret(name: string): Promise<string>;
  readonly clock: EngineClock;
}

/** The vertical's HTTP API: thin controllers over providers built from the API context. */
export interface VerticalApi<Config> {
  readonly controllers: readonly Type[];
  providers?(context: ApiContext<Config>): Provider[] | Promise<Provider[]>;
  /** Every route, described for the OpenAPI document served at `/docs`. */
  readonly routes: readonly ApiRoute[];
  readonly openapi: { readonly title: string; readonly version: string; readonly description?: string };
  /** Largest request body; default `64kb`. */
  readonly bodyLimit?: string;
}

// The callbacks below are method signatures on purpose: methods are bivariant in their
// parameters, so a vertical with its own variables is still a `Vertical` to the runtime.

/**
 * A vertical as data and its own code: what `defineVertical` takes. Everything not here (broker
 * topology, migration order, prompt catalogue, message registry, process roles, metrics,
 * tracing, readiness, shutdown) the runtime derives.
 */
export interface VerticalDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** The short name every tool takes (`--vertical loan`): lower-case letters, digits and `-`. */
  readonly name: string;
  /** Its human name, e.g. `Loan underwriting`. */
  readonly title: string;
  /** The service name in traces; default `<name>`. */
  readonly service?: string;
  /** The schema (`DATABASE_SCHEMA`) and broker namespace (`BROKER_NAMESPACE`) when none is set. */
  readonly defaults?: { readonly schema?: string; readonly namespace?: string };
  /** Bump when a queue argument changes: new queues sit beside the old until they drain. Default 1. */
  readonly topologyVersion?: number;
  /** The roles bearer tokens may carry (`npm run token -- --role`). */
  readonly roles: readonly string[];
  /** The vertical's own environment variables, as a zod shape added to `verticalEnvSchema`. */
  readonly env?: Shape;
  /** Every workflow version a worker must run: older versions stay so runs in flight finish on theirs. */
  workflows(settings: VerticalSettings<VerticalConfig<Shape>>): readonly WorkflowDefinition[];
  /** The agents: Nest controllers with `@MessagePattern` handlers for the workflows' agent steps. */
  readonly agents?: {
    readonly controllers: readonly Type[];
    /** Commands handled at once per process; default 8. */
    readonly prefetch?: number;
  };
  /** The outside systems the agents call (simulated or real) and whatever else they inject. */
  outside?(context: WorkerContext<VerticalConfig<Shape>>): Provider[] | Promise<Provider[]>;
  /** The agents' circuit breakers; default 5 consecutive failures, half-open after 1 s. */
  readonly breakers?: BreakerOptions;
  readonly api?: VerticalApi<VerticalConfig<Shape>>;
  /** The vertical's own tables; applied after the platform's, by every role. */
  readonly migrations?: readonly MigrationClass[];
  /** Policy documents (JSON imported as modules, so they travel with the build), seeded at start-up. */
  readonly policies?: readonly unknown[];
  /** Fields of its events that are personal data, sealed under each subject's key. */
  readonly personalData?: PersonalDataPolicy;
  /** The offline deterministic model's rules for the vertical's output schemas. */
  readonly deterministicModel?: (observe?: (data: JsonObject) => void) => DeterministicRules;
  /** Messages of the vertical beyond those its workflows name (for validation and AsyncAPI). */
  readonly messages?: readonly MessageDefinition[];
  /** Its KPI bands and own figures, for `GET /kpi` and `npm run kpi` (the platform's bands otherwise). */
  readonly kpis?: KpiDefinition;
}
