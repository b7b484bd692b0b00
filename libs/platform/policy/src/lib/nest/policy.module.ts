import {
  DynamicModule,
  Inject,
  Injectable,
  InjectionToken,
  Module,
  ModuleMetadata,
  OnModuleInit,
  OptionalFactoryDependency,
} from '@nestjs/common';
import { PolicyEngine, PolicyEngineOptions } from '../engine/policy-engine';

export interface PolicyModuleOptions extends PolicyEngineOptions {
  /** Folders of policy files to seed at start-up (a vertical's `policies/`), before the app serves. */
  readonly seedDirectories?: readonly string[];
}

export interface PolicyModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...args: never[]) => PolicyModuleOptions | Promise<PolicyModuleOptions>;
  /** Make {@link PolicyEngine} injectable everywhere without importing the module again. */
  readonly global?: boolean;
}

/**
 * Injection token of the module's options.
 *
 * @example constructor(@Inject(POLICY_MODULE_OPTIONS) options: PolicyModuleOptions) {}
 */
export const POLICY_MODULE_OPTIONS = Symbol.for('baton.policy.module-options');

/** Seeds the configured folders when the module starts, so no decision is made before the policies exist. */
@Injectable()
class PolicySeeder implements OnModuleInit {
  constructor(
    @Inject(POLICY_MODULE_OPTIONS) private readonly options: PolicyModuleOptions,
    private readonly engine: PolicyEngine,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const dir of this.options.seedDirectories ?? []) await this.engine.seedPolicies(dir);
  }
}

/**
 * The policy engine as a NestJS module: provides {@link PolicyEngine} and seeds the policies
 * folders on start-up.
 *
 * @example
 * PolicyModule.forRootAsync({
 *   inject: [DataSource],
 *   useFactory: (dataSource: DataSource) => ({
 *     ...postgresPolicyStorage(dataSource, loadAuditKey(process.env)),
 *     seedDirectories: [join(__dirname, 'policies')],
 *   }),
 * });
 */
@Module({})
export class PolicyModule {
  static forRoot(options: PolicyModuleOptions, global = false): DynamicModule {
    return PolicyModule.forRootAsync({ useFactory: () => options, global });
  }

  static forRootAsync(options: PolicyModuleAsyncOptions): DynamicModule {
    return {
      module: PolicyModule,
      global: options.global ?? false,
      imports: options.imports ?? [],
      providers: [
        { provide: POLICY_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: PolicyEngine,
          useFactory: (resolved: PolicyModuleOptions) => new PolicyEngine(resolved),
          inject: [POLICY_MODULE_OPTIONS],
        },
        PolicySeeder,
      ],
      exports: [PolicyEngine],
    };
  }
}
