import { DynamicModule, InjectionToken, Module, ModuleMetadata, OptionalFactoryDependency } from '@nestjs/common';
import type { EngineDependencies } from '../engine/engine-dependencies';
import { WorkflowEngine } from '../engine/workflow-engine';

/** The injection token of the engine's dependencies. */
export const ENGINE_DEPENDENCIES = Symbol('baton.orchestration.engine-dependencies');

export interface OrchestrationModuleOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: Array<InjectionToken | OptionalFactoryDependency>;
  readonly useFactory: (...args: never[]) => EngineDependencies | Promise<EngineDependencies>;
}

/**
 * Provides a `WorkflowEngine` to a vertical's Nest application, built from dependencies the
 * app wires (data source, event store, workflows, policy and model ports, topology, clock).
 *
 * @example
 * OrchestrationModule.forRootAsync({ inject: [DataSource], useFactory: (dataSource: DataSource) => ({ dataSource, ... }) })
 */
@Module({})
export class OrchestrationModule {
  static forRootAsync(options: OrchestrationModuleOptions): DynamicModule {
    return {
      module: OrchestrationModule,
      imports: options.imports ?? [],
      providers: [
        { provide: ENGINE_DEPENDENCIES, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: WorkflowEngine,
          useFactory: (deps: EngineDependencies) => new WorkflowEngine(deps),
          inject: [ENGINE_DEPENDENCIES],
        },
      ],
      exports: [WorkflowEngine],
    };
  }
}
