import { formatTraceparent, parseTraceparent, traceHeaderCodec } from './trace-context';

const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('W3C trace-header codec', () => {
  it('parses a valid traceparent', () => {
    expect(parseTraceparent(valid)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(parseTraceparent(valid.replace(/01$/, '00'))?.sampled).toBe(false);
  });

  it.each([
    ['undefined', undefined],
    ['garbage', 'hello'],
    ['uppercase hex', valid.toUpperCase()],
    ['version ff', valid.replace(/^00/, 'ff')],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['extra fields on version 00', `${valid}-extra`],
  ])('ignores %s', (_label, header) => {
    expect(parseTraceparent(header)).toBeNull();
  });

  it('accepts extra fields on a future version', () => {
    expect(parseTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future`)?.traceId).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('encodes and decodes headers, tracestate included', () => {
    const context = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
      traceState: 'vendor=x',
    };
    const headers = traceHeaderCodec.encode(context);
    expect(headers).toEqual({ traceparent: valid, tracestate: 'vendor=x' });
    expect(traceHeaderCodec.decode(headers)).toEqual(context);
    expect(formatTraceparent(context)).toBe(valid);
    expect(traceHeaderCodec.decode({ traceparent: 42 })).toBeNull();
  });
});
