import { phaseFigures, urgentUnchanged, verdicts, type TriageSample } from './triage-figures';

const samples = (urgentMs: number, modelMs: number, count = 100): TriageSample[] =>
  Array.from({ length: count }, (_, index) =>
    index % 4 === 0 ? { ms: urgentMs, urgent: true } : { ms: modelMs, urgent: false },
  );

describe("the triage bench's figures", () => {
  it('takes the ESI 1-2 latencies apart from the rest, and the rate over the phase', () => {
    const phase = phaseFigures(samples(20, 150), 2);
    expect(phase.all.p50Ms).toBe(150);
    expect(phase.urgent?.p99Ms).toBe(20);
    expect(phase.urgent?.samples).toBe(25);
    expect(phase.perSec).toBe(50);
    expect(phaseFigures([{ ms: 5, urgent: false }], 1).urgent).toBeNull();
  });

  it('counts ESI 1-2 as unchanged within 1.25x or 10 ms of the deterministic phase, whichever is wider', () => {
    expect(urgentUnchanged(20, 30)).toBe(true);
    expect(urgentUnchanged(20, 31)).toBe(false);
    expect(urgentUnchanged(80, 100)).toBe(true);
    expect(urgentUnchanged(80, 101)).toBe(false);
    expect(urgentUnchanged(80, 40)).toBe(true);
  });

  it("judges each of issue 24's targets, with the ratio to its limit", () => {
    const list = verdicts({
      roundTripMs: 4,
      c1: phaseFigures(samples(20, 60), 5),
      c8: phaseFigures(samples(40, 250), 1),
      slowC1: phaseFigures(samples(25, 550), 30),
      slowC8: phaseFigures(samples(90, 600), 3),
    });
    expect(list.map((verdict) => [verdict.target, verdict.measured, verdict.met])).toEqual([
      ['c=8 p99 < 300 ms', '250 ms (0.833x)', true],
      ['c=8 p99 < 60 floor round trips (p50)', '62.5 round trips (1.04x)', false],
      ['ESI 1-2 p99 < 100 ms, c=1', '20 ms (0.2x)', true],
      ['ESI 1-2 p99 < 100 ms, c=8', '40 ms (0.4x)', true],
      ['slow model (800 ms, 500 ms deadline): c=8 p99 < 1000 ms', '600 ms (0.6x)', true],
      ['slow model: c=1 ESI 1-2 p99 unchanged (<= 1.25x or +10 ms)', '25 ms vs 20 ms (1.25x)', true],
      ['slow model: c=8 ESI 1-2 p99 unchanged (<= 1.25x or +10 ms)', '90 ms vs 40 ms (2.25x)', false],
    ]);
  });
});
