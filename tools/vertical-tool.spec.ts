import { isConfigError } from '@baton/config';
import { isRuntimeError } from '@baton/runtime';
import { readToolVertical } from './vertical-tool';
import { verticals } from './verticals';

describe('readToolVertical', () => {
  it("reads the schema and the broker namespace from the vertical's defaults when none is set", () => {
    const loan = verticals.filter((entry) => entry.short === 'loan');
    const { short, config } = readToolVertical(undefined, {}, loan);
    expect(short).toBe('loan');
    expect(config).toMatchObject({ DATABASE_SCHEMA: 'loan', BROKER_NAMESPACE: '' });
    expect(readToolVertical('loan', {}).config.DATABASE_SCHEMA).toBe('loan');
  });

  it('lets DATABASE_SCHEMA and BROKER_NAMESPACE override them, as in the app', () => {
    const { config } = readToolVertical('loan', { DATABASE_SCHEMA: 'loan_eu', BROKER_NAMESPACE: 'staging' });
    expect(config).toMatchObject({ DATABASE_SCHEMA: 'loan_eu', BROKER_NAMESPACE: 'staging' });
  });

  it('refuses a vertical that does not exist, and none named among several, listing them', () => {
    const unknown = catchError(() => readToolVertical('nope', {}));
    expect(isRuntimeError(unknown, 'UNKNOWN_VERTICAL')).toBe(true);
    expect((unknown as Error).message).toBe(
      `no vertical "nope"; the verticals are: ${verticals.map((entry) => entry.short).join(', ')}`,
    );

    const loan = verticals[0] as (typeof verticals)[number];
    const several = [loan, { ...loan, short: 'loan-eu' }];
    expect(catchError(() => readToolVertical(undefined, {}, several))).toMatchObject({
      code: 'UNKNOWN_VERTICAL',
      message: 'name one with --vertical <name>: loan, loan-eu',
    });
  });

  it('names a bad variable in one readable error', () => {
    const error = catchError(() => readToolVertical('loan', { DATABASE_SCHEMA: 'Loan-EU' }));
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'invalid configuration: DATABASE_SCHEMA: must be a lower-case SQL identifier',
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
