import { readDemoOptions } from './demo-options';
import { latencyChart } from './latency-chart';
import { latencyFigures } from './latency-figures';
import { hostedPrice, priceUsage } from './model-pricing';
import { underwriterVerdict } from './simulated-underwriter';
import { loanApplication, ssnWhere, strongCredit, weakCredit } from '@baton/loan-underwriting-feature/testing';

describe('the demo figures', () => {
  it('reads its options with defaults, and names a bad one', () => {
    expect(readDemoOptions([], {})).toMatchObject({
      size: 300,
      seed: 42,
      concurrency: 8,
      modelLatencyMs: 800,
      out: 'tmp/demo',
      priceAs: 'gpt-4o-mini',
      schema: 'loan_demo',
      namespace: 'demo',
      layout: 'split',
    });
    expect(
      readDemoOptions(['--size', '40', '--model-latency-ms', '20', '--schema', 'demo_e2e_1a2b'], {}),
    ).toMatchObject({ size: 40, modelLatencyMs: 20, schema: 'demo_e2e_1a2b' });
    expect(() => readDemoOptions(['--concurrency', '0'], {})).toThrow('--concurrency');
    expect(() => readDemoOptions(['--schema', 'Robert"); DROP'], {})).toThrow('--schema');
  });

  it('prices token counts as a hosted model of the dated table, never the nominal deterministic price', () => {
    const price = hostedPrice('gpt-4o-mini');
    expect(price).toMatchObject({
      provider: 'openai',
      inputUsdPerMillionTokens: 0.15,
      outputUsdPerMillionTokens: 0.6,
      pricesAsOf: '2025-01-15',
    });
    expect(
      priceUsage(price, [
        { inputTokens: 1_000_000, outputTokens: 0 },
        { inputTokens: 0, outputTokens: 1_000_000 },
      ]),
    ).toBeCloseTo(0.75, 9);
    expect(hostedPrice('anthropic:claude-3-5-haiku-20241022').inputUsdPerMillionTokens).toBe(0.8);
    expect(() => hostedPrice('deterministic-v1')).toThrow('--price-as');
  });

  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(latencyFigures(samples)).toEqual({ count: 100, p50Ms: 50, p95Ms: 95, p99Ms: 99, meanMs: 50.5, maxMs: 100 });
    expect(latencyFigures([])).toBeNull();
  });

  it('has the underwriter approve a strong bureau file and decline a weak one', () => {
    expect(underwriterVerdict(42, loanApplication({ applicant: { ssn: ssnWhere(strongCredit) } })).outcome).toBe(
      'approve',
    );
    expect(underwriterVerdict(42, loanApplication({ applicant: { ssn: ssnWhere(weakCredit) } })).outcome).toBe(
      'decline',
    );
  });

  it('draws one labelled curve per series on round axes', () => {
    const svg = latencyChart('Submit <to> decision', [
      { label: 'gated', color: '#2563eb', samplesMs: [12, 40, 930] },
      { label: 'naive', color: '#dc2626', samplesMs: [805, 810] },
      { label: 'empty', color: '#000000', samplesMs: [] },
    ]);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('Submit &lt;to&gt; decision');
    expect(svg).toContain('gated (n=3)');
    expect(svg).toContain('>1,000<');
  });
});
