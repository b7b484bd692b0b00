import { posix } from 'node:path';
import { argsFor } from './demo-args';
import { argsForEach, demos, renderDemoIndex, selectDemos, type VerticalDemo } from './demo-registry';

const fake = (short: string): VerticalDemo => ({
  short,
  title: `${short} title`,
  options: ['size', 'seed', 'out'],
  run: () => Promise.resolve({ ok: true, out: 'tmp/demo', report: `${short}-demo-report.md` }),
});
const registry = [fake('loan'), fake('triage')];

describe('the demo registry: npm run demo runs one vertical’s demo or every one', () => {
  it('lists loan’s demo, then triage’s', () => {
    expect(demos.map((demo) => [demo.short, demo.title])).toEqual([
      ['loan', 'Loan underwriting'],
      ['triage', 'Patient triage'],
    ]);
    const triage = demos.find((demo) => demo.short === 'triage');
    expect(triage?.options).toEqual(expect.arrayContaining(['size', 'seed', 'concurrency', 'model-latency-ms', 'out']));
  });

  it('gives each demo, when all run, only the options it declares', () => {
    expect(argsFor(['--size', '40', '--kyc-ms', '5', '--out=tmp/x', '--seed', '7'], ['size', 'seed', 'out'])).toEqual({
      kept: ['--size', '40', '--out=tmp/x', '--seed', '7'],
      dropped: ['--kyc-ms'],
    });
    const loan = demos.find((demo) => demo.short === 'loan');
    const triage = demos.find((demo) => demo.short === 'triage');
    expect(argsFor(['--kyc-ms', '5', '--size', '30'], triage?.options ?? []).kept).toEqual(['--size', '30']);
    expect(argsFor(['--kyc-ms', '5', '--size', '30'], loan?.options ?? []).kept).toEqual([
      '--kyc-ms',
      '5',
      '--size',
      '30',
    ]);
  });

  it('runs every demo with no --vertical, passing the other arguments on', () => {
    expect(selectDemos(['--size', '40'], registry)).toEqual({ chosen: registry, rest: ['--size', '40'], all: true });
  });

  it('passes a named demo every argument, and refuses, with every demo, an option none of them takes', () => {
    const [loan, triage] = [
      { ...fake('loan'), options: ['size', 'kyc-ms'] },
      { ...fake('triage'), options: ['size'] },
    ];
    expect(argsForEach([triage], ['--size', '4', '--kyc-ms', '5'], false)).toEqual([
      { demo: triage, args: ['--size', '4', '--kyc-ms', '5'], dropped: [] },
    ]);
    expect(argsForEach([loan, triage], ['--size', '4', '--kyc-ms', '5'], true)).toEqual([
      { demo: loan, args: ['--size', '4', '--kyc-ms', '5'], dropped: [] },
      { demo: triage, args: ['--size', '4'], dropped: ['--kyc-ms'] },
    ]);
    expect(() => argsForEach([loan, triage], ['--sise', '4'], true)).toThrow('no demo takes --sise');
  });

  it('runs the one named, in either spelling, without the flag in its arguments', () => {
    expect(selectDemos(['--vertical', 'triage', '--seed', '7'], registry)).toEqual({
      chosen: [registry[1]],
      rest: ['--seed', '7'],
      all: false,
    });
    expect(selectDemos(['--vertical=loan'], registry).chosen).toEqual([registry[0]]);
  });

  it('refuses a vertical without a demo, listing those with one, and a --vertical with no name', () => {
    expect(() => selectDemos(['--vertical', 'fleet'], registry)).toThrow(
      'no demo for vertical "fleet"; the verticals with a demo are: loan, triage',
    );
    expect(() => selectDemos(['--vertical'], registry)).toThrow('--vertical needs a name');
  });

  it('writes an index linking each report relative to it, with whether its checks held', () => {
    const index = renderDemoIndex(
      [
        {
          short: 'loan',
          title: 'Loan underwriting',
          result: { ok: true, out: '/w/tmp/demo', report: 'loan-demo-report.md' },
        },
        {
          short: 'triage',
          title: 'Patient triage',
          result: { ok: false, out: '/w/tmp/demo/triage', report: 'triage-demo-report.md' },
        },
      ],
      '/w/tmp/demo',
      posix.relative,
    );
    expect(index).toBe(
      [
        '# Baton demos',
        '',
        '| vertical | report | checks |',
        '| --- | --- | --- |',
        '| Loan underwriting (`loan`) | [loan-demo-report.md](loan-demo-report.md) | ✓ held |',
        '| Patient triage (`triage`) | [triage-demo-report.md](triage/triage-demo-report.md) | ✗ see the report |',
        '',
      ].join('\n'),
    );
  });
});
