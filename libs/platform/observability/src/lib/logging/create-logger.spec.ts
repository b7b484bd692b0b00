import { Writable } from 'node:stream';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { setupTracing, ShutdownTracing } from '../tracing/setup-tracing';
import { withSpan } from '../tracing/spans';
import { createLogger, withCorrelationId } from './create-logger';
import { redactPaths } from './redaction';

const SSN = '078-05-1120';
const EMAIL = 'ada.lovelace@example.org';
const FIRST = 'Augusta';
const LAST = 'Byron-King';
const PHONE = '+44 20 7946 0958';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  let shutdown: ShutdownTracing;
  beforeAll(() => {
    shutdown = setupTracing({ serviceName: 'logger-spec', exporter: new InMemorySpanExporter() });
  });
  afterAll(() => shutdown());

  it('never writes seeded personal values in known fields, at any depth, in arrays or under HTTP secrets', () => {
    const out = capture();
    const logger = createLogger({ service: 'loan-worker', destination: out.stream });
    logger.info({ ssn: SSN, email: EMAIL }, 'top level');
    logger.info(
      {
        application: {
          applicant: { firstName: FIRST, lastName: LAST, contact: { email: EMAIL, phone: PHONE } },
          ssn: SSN,
        },
      },
      'nested',
    );
    logger.info({ applicants: [{ ssn: SSN, dateOfBirth: '1815-12-10' }] }, 'in an array');
    logger.info(
      { req: { headers: { authorization: `Bearer ${SSN}`, cookie: `sid=${EMAIL}` }, body: { email: EMAIL } } },
      'request',
    );
    logger.child({ applicant: { lastName: LAST } }).warn('child bindings');
    const text = out.lines.join('\n');
    for (const value of [SSN, EMAIL, FIRST, LAST, PHONE, '1815-12-10'])
      expect({ value, leaked: text.includes(value) }).toEqual({ value, leaked: false });
    expect(out.records()[1]).toMatchObject({
      service: 'loan-worker',
      msg: 'nested',
      application: { applicant: { firstName: '[redacted]', contact: { email: '[redacted]' } } },
    });
    expect(out.lines).toHaveLength(5);
  });

  it('adds the extra paths a vertical declares', () => {
    const out = capture();
    createLogger({ service: 'triage', destination: out.stream, redact: redactPaths(['mrn']) }).info(
      { patient: { mrn: 'MRN-99812' } },
      'admitted',
    );
    expect(out.lines.join('')).not.toContain('MRN-99812');
  });

  it('mixes in the active trace and span ids and the correlation id', async () => {
    const out = capture();
    const logger = createLogger({ service: 'api', destination: out.stream });
    const ids = await withCorrelationId('corr-42', () =>
      withSpan('handle', {}, (span) => {
        logger.info('inside');
        return span.spanContext();
      }),
    );
    logger.info('outside');
    const [inside, outside] = out.records();
    expect(inside).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId, correlationId: 'corr-42' });
    expect(outside).not.toHaveProperty('trace_id');
    expect(outside).not.toHaveProperty('correlationId');
  });
});
