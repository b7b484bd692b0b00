import { computeKpis, type SqlSource } from './compute-kpis';
import { bandsOf, validateKpiDefinition, type KpiDefinition } from './kpi-definition';
import { figureLabel, KPI_BANDS } from './kpi-report';
import { formatKpiTable } from './format-kpi-table';

/** Answers the rollup with one vertical's row and each own figure with the value its SQL names. */
function fakeSource(
  figureValues: Record<string, number | null | Array<{ key: string | null; value: number | null }>>,
): SqlSource & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    query(text: string) {
      statements.push(text);
      const own = Object.keys(figureValues).find((marker) => text.includes(marker));
      if (own !== undefined) {
        const found = figureValues[own];
        return Promise.resolve(Array.isArray(found) ? found : [{ value: found }]);
      }
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

  it('reports a figure broken down by a key once per key, in key order, each against the band', async () => {
    const waitsByLevel: KpiDefinition = {
      figures: [
        {
          name: 'wait-p99-ms',
          description: 'wait',
          unit: 'ms',
          by: 'level',
          band: { op: '<', limit: 100 },
          sql: 'wait-by-level {events}',
        },
      ],
    };
    const source = fakeSource({
      'wait-by-level ': [
        { key: '10', value: 50 },
        { key: '2', value: 150 },
        { key: null, value: 7 },
        { key: '1', value: null },
      ],
    });
    const report = await computeKpis(source, { ...window, definitions: { clinic: waitsByLevel } });
    const base = { name: 'wait-p99-ms', by: 'level', description: 'wait', unit: 'ms', band: { op: '<', limit: 100 } };
    // A row without a key is dropped; keys sort as numbers where they are numbers.
    expect(report.verticals[0]?.figures).toEqual([
      { ...base, key: '1', value: null, ok: null },
      { ...base, key: '2', value: 150, ok: false },
      { ...base, key: '10', value: 50, ok: true },
    ]);
    expect(figureLabel({ name: 'wait-p99-ms', by: 'level', key: '2' })).toBe('wait-p99-ms (level 2)');
    expect(formatKpiTable(report)).toContain('| clinic | wait-p99-ms (level 2) | 150 ms | < 100 ms | ✗ |');
  });

  it('reports no own figures for a vertical that defines none', async () => {
    const report = await computeKpis(fakeSource({}), { ...window, definitions: {} });
    expect(report.verticals[0]?.figures).toEqual([]);
    expect(report.verticals[0]?.latencyMs.p99.band).toEqual(KPI_BANDS.latencyP99Ms);
  });

  it.each([
    [{ name: 'Bad Name', sql: '{events}' }, 'clinic: kpis.figures[0].name must be lowercase letters, digits and -'],
    [{ name: 'no-table', sql: 'SELECT 1' }, 'clinic: kpis.figures[0].sql must read the events table as {events}'],
    [
      { name: 'by-bad', by: 'ESI Level', sql: '{events}' },
      'clinic: kpis.figures[0].by must be lowercase letters, digits and -',
    ],
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
