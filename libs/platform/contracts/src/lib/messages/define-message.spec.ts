import { z } from 'zod';
import { defineMessage } from './define-message';
import { isContractViolation } from '../errors/contract-violation';
import { isBatonError } from '../errors/baton-error';

const LoanRequested = defineMessage(
  'test.loan.requested',
  1,
  z.strictObject({
    applicationId: z.string().min(1),
    amount: z.number().positive(),
    applicant: z.strictObject({ name: z.string(), tags: z.array(z.strictObject({ label: z.string() })) }),
  }),
);

const meta = { correlationId: 'corr-1', tenantId: 'tenant-a', actor: { kind: 'service' as const, id: 'intake' } };
const payload = { applicationId: 'a-1', amount: 5000, applicant: { name: 'Ada', tags: [{ label: 'vip' }] } };

describe('defineMessage', () => {
  it('creates an envelope with a UUID v7 id, defaults and the given payload', () => {
    const envelope = LoanRequested.create(payload, meta);
    expect(envelope.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(envelope).toMatchObject({
      type: 'test.loan.requested',
      schemaVersion: 1,
      causationId: null,
      idempotencyKey: envelope.id,
      payload,
    });
  });

  it('round-trips through JSON', () => {
    const envelope = LoanRequested.create(payload, meta);
    const parsed = LoanRequested.parse(JSON.parse(JSON.stringify(envelope)));
    expect(parsed).toEqual({ ok: true, value: envelope });
  });

  it('rejects unknown keys at every level, naming each path', () => {
    const envelope = LoanRequested.create(payload, meta);
    const raw = {
      ...envelope,
      extra: 1,
      payload: { ...payload, rogue: true, applicant: { ...payload.applicant, tags: [{ label: 'x', colour: 'red' }] } },
    };
    const result = LoanRequested.parse(raw);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues.map((issue) => [issue.path, issue.rule])).toEqual(
      expect.arrayContaining([
        ['extra', 'unrecognized_keys'],
        ['payload.rogue', 'unrecognized_keys'],
        ['payload.applicant.tags.0.colour', 'unrecognized_keys'],
      ]),
    );
  });

  it('lists every failing path and rule in one ContractViolation', () => {
    const result = LoanRequested.parsePayload({ applicationId: '', amount: -1, applicant: { name: 7, tags: [] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(isContractViolation(result.error)).toBe(true);
    expect(isBatonError(result.error) && result.error.outcome).toBe('dead-letter');
    expect(result.error.issues.map((issue) => `${issue.path}:${issue.rule}`).sort()).toEqual([
      'payload.amount:too_small',
      'payload.applicant.name:invalid_type',
      'payload.applicationId:too_small',
    ]);
  });

  it('rejects the NUL character in any string, key or value, which jsonb cannot store', () => {
    const result = LoanRequested.parsePayload({
      ...payload,
      applicant: { name: 'A\u0000da', tags: [{ label: 'ok' }] },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues).toEqual([
      expect.objectContaining({ path: 'payload.applicant.name', rule: 'no_nul_character' }),
    ]);
    const key = LoanRequested.parse({ ...LoanRequested.create(payload, meta), ['bad\u0000key']: 1 });
    expect(!key.ok && key.error.issues.some((issue) => issue.rule === 'no_nul_character')).toBe(true);
  });

  it('rejects an envelope of another type or version', () => {
    const Other = defineMessage(
      'test.other.thing',
      1,
      z.strictObject({
        applicationId: z.string(),
        amount: z.number(),
        applicant: z.strictObject({ name: z.string(), tags: z.array(z.strictObject({ label: z.string() })) }),
      }),
    );
    const result = LoanRequested.parse(Other.create(payload, meta));
    expect(!result.ok && result.error.issues[0]?.rule).toBe('message_type');
  });

  it('throws on create with a bad payload', () => {
    expect(() => LoanRequested.create({ ...payload, amount: 0 }, meta)).toThrow(/payload.amount/);
  });

  it('refuses a definition with a non-strict object, naming the path', () => {
    expect(() => defineMessage('test.loose.thing', 1, z.strictObject({ inner: z.object({ a: z.string() }) }))).toThrow(
      /strict \(z\.strictObject\) at: inner/,
    );
  });

  it('refuses a definition that is not JSON-only (dates, bigints, transforms)', () => {
    expect(() => defineMessage('test.dated.thing', 1, z.strictObject({ at: z.date() }))).toThrow(/not JSON-only/);
    expect(() => defineMessage('test.big.thing', 1, z.strictObject({ n: z.bigint() }))).toThrow(/not JSON-only/);
    expect(() =>
      defineMessage('test.mapped.thing', 1, z.strictObject({ s: z.string().transform((s) => s.length) })),
    ).toThrow(/not JSON-only/);
  });

  it('refuses a badly named type or a non-positive version', () => {
    expect(() => defineMessage('NotDotted', 1, z.strictObject({}))).toThrow(/dotted lowercase/);
    expect(() => defineMessage('test.ok.name', 0, z.strictObject({}))).toThrow(/positive integer/);
  });
});
