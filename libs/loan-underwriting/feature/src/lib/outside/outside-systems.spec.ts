import { DEMO_OUTSIDE_LATENCY_MS, defaultOutsideSystems, outsideLatencyMs } from './outside-systems';

describe('the simulated outside systems’ latencies', () => {
  it('answer at once by default, as tests and the bench want', () => {
    const config = defaultOutsideSystems(42);
    expect(
      ['kyc', 'sanctions', 'bureau', 'income'].map((system) => outsideLatencyMs(config, system as 'kyc', 'a-1')),
    ).toEqual([0, 0, 0, 0]);
  });

  it('stray from the stated latency within the jitter, the same for the same seed and application', () => {
    const config = defaultOutsideSystems(42, DEMO_OUTSIDE_LATENCY_MS, 0.25);
    const draws = Array.from({ length: 200 }, (_, index) => outsideLatencyMs(config, 'bureau', `app-${index}`));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(112);
    expect(Math.max(...draws)).toBeLessThanOrEqual(188);
    expect(new Set(draws).size).toBeGreaterThan(20);
    expect(outsideLatencyMs(config, 'bureau', 'app-7')).toBe(outsideLatencyMs({ ...config }, 'bureau', 'app-7'));
    expect(outsideLatencyMs(defaultOutsideSystems(43, DEMO_OUTSIDE_LATENCY_MS, 0.25), 'bureau', 'app-7')).not.toBe(
      outsideLatencyMs(config, 'bureau', 'app-7'),
    );
  });
});
