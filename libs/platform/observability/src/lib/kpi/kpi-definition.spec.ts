import { computeKpis, type SqlSource } from './compute-kpis';
import { bandsOf, validateKpiDefinition, type KpiDefinition } from './kpi-definition';
import { KPI_BANDS } from './kpi-report';

/** Answers the rollup with one vertical's row and each own figure with the value its SQL names. */
function fakeSource(figureValues: Record<string, number | null>): SqlSource & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    query(text: string) {
      statements.push(text);
      const own = Object.keys(figureValues).find((marker) => text.includes(marker));
      if (own !== undefined) return Promise.resolve([{ value: figureValues[own] }]);
      return Promise.resolve([
        {
          vertical: 'clinic',
          transactions: '4',
          succeeded: '4',
          failed: '0',
          cancelled: '0',
          in_flight: '0',
          p50: 100,
          p95: 200,
          p99: 250,
          model_cost: '0',
          steps: '8',
          model_calls: '0',
          avoided: '0',
        },
      ]);
    },
  };
}

const window = { from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z'), infraCostPerStepUsd: 0 };
const clinic: KpiDefinition = {
  bands: { latencyP99Ms: { op: '<', limit: 200 } },
  figures: [
    { name: 'fast-share', description: 'fast', unit: 'ratio', band: { op: '>=', limit: 0.9 }, sql: 'fast {events}' },
    { name: 'waits', description: 'waits', unit: 'count', sql: 'waits {events}' },
  ],
};

describe('KPI definitions: the extension point each vertical fills', () => {
  it('checks the shared figures against the vertical’s bands, the platform’s where it sets none', () => {
    expect(bandsOf(clinic)).toEqual({ ...KPI_BANDS, latencyP99Ms: { op: '<', limit: 200 } });
    expect(bandsOf(undefined)).toEqual(KPI_BANDS);
  });

  it('measures the vertical’s own figures on its events table, beside their bands', async () => {
    const source = fakeSource({ 'fast ': 0.75, 'waits ': null });
    const report = await computeKpis(source, { ...window, schema: 'clinic', definitions: { clinic } });
    const [kpis] = report.verticals;
    expect(kpis?.latencyMs.p99).toEqual({ value: 250, band: { op: '<', limit: 200 }, ok: false });
    expect(kpis?.figures).toEqual([
      {
        name: 'fast-share',
        description: 'fast',
        unit: 'ratio',
        value: 0.75,
        band: { op: '>=', limit: 0.9 },
        ok: false,
      },
      { name: 'waits', description: 'waits', unit: 'count', value: null, band: null, ok: null },
    ]);
    expect(source.statements.slice(1)).toEqual(['fast "clinic".events', 'waits "clinic".events']);
  });

  it('reports no own figures for a vertical that defines none', async () => {
    const report = await computeKpis(fakeSource({}), { ...window, definitions: {} });
    expect(report.verticals[0]?.figures).toEqual([]);
    expect(report.verticals[0]?.latencyMs.p99.band).toEqual(KPI_BANDS.latencyP99Ms);
  });

  it.each([
    [{ name: 'Bad Name', sql: '{events}' }, 'clinic: kpis.figures[0].name must be lowercase letters, digits and -'],
    [{ name: 'no-table', sql: 'SELECT 1' }, 'clinic: kpis.figures[0].sql must read the events table as {events}'],
  ])('refuses a figure %j, naming the field and the rule', (figure, message) => {
    expect(() =>
      validateKpiDefinition('clinic', { figures: [{ description: 'd', unit: 'count', ...figure }] }),
    ).toThrow(message);
  });

  it('refuses a repeated figure name', () => {
    const twice = { name: 'waits', description: 'd', unit: 'count' as const, sql: '{events}' };
    expect(() => validateKpiDefinition('clinic', { figures: [twice, twice] })).toThrow(
      'clinic: kpis.figures[1].name must be unique (waits is repeated)',
    );
  });
});
