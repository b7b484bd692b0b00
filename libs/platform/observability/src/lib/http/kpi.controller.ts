import { Controller, Get, Inject, Query, UseFilters } from '@nestjs/common';
import { computeKpis, SqlSource } from '../kpi/compute-kpis';
import { kpiQuerySchema, kpiWindow } from '../kpi/kpi-query';
import type { KpiReport } from '../kpi/kpi-report';
import type { KpiDefinition } from '../kpi/kpi-definition';
import { ObservabilityError } from '../errors';
import { ProblemDetailsFilter } from './problem-details.filter';

/** Where `GET /kpi` reads from, and how it prices a step. */
export interface KpiEndpointOptions {
  readonly source: SqlSource;
  readonly schema?: string;
  readonly infraCostPerStepUsd: number;
  /** Each vertical's bands and own figures, by vertical name. */
  readonly definitions?: Readonly<Record<string, KpiDefinition>>;
  /** The clock for the default window (the last 24 hours); injected so tests can fix it. */
  readonly now?: () => Date;
}

/** Injection token of {@link KpiEndpointOptions}. */
export const KPI_ENDPOINT_OPTIONS = Symbol.for('baton.observability.kpi-options');

/** `GET /kpi?from=&to=&vertical=`: KPIs from the event store, each beside its band. */
@Controller('kpi')
@UseFilters(ProblemDetailsFilter)
export class KpiController {
  constructor(@Inject(KPI_ENDPOINT_OPTIONS) private readonly options: KpiEndpointOptions) {}

  @Get()
  report(@Query() query: Record<string, unknown>): Promise<KpiReport> {
    const parsed = kpiQuerySchema.safeParse(query);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(query)',
        message: issue.message,
      }));
      throw new ObservabilityError(
        'INVALID_KPI_QUERY',
        issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '),
        issues,
      );
    }
    const window = kpiWindow(parsed.data, (this.options.now ?? (() => new Date()))());
    return computeKpis(this.options.source, {
      ...window,
      schema: this.options.schema,
      infraCostPerStepUsd: this.options.infraCostPerStepUsd,
      definitions: this.options.definitions,
    });
  }
}
