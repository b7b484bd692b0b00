import { z } from 'zod';
import { ProblemException } from '../problems/problem.exception';
import { parseWith } from './parse-with';
import { ZodValidationPipe } from './zod-validation.pipe';

const Application = z.strictObject({
  applicant: z.strictObject({
    name: z.string().min(1),
    email: z.email(),
    ssn: z.string().regex(/^\d{3}-\d{2}-\d{4}$/),
  }),
  amount: z.number().int().positive(),
});

function problemOf(run: () => unknown): ProblemException {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a ProblemException');
}

const valid = { applicant: { name: 'Ada', email: 'ada@example.com', ssn: '123-45-6789' }, amount: 5000 };

describe('parseWith', () => {
  it('returns the parsed value when it is valid', () => {
    expect(parseWith(Application, valid)).toEqual(valid);
  });

  it('throws a 400 "Invalid request" naming every bad field by dotted path and rule', () => {
    const problem = problemOf(() =>
      parseWith(Application, { applicant: { name: '', email: 'nope', ssn: '12' }, amount: 'lots', extra: 1 }),
    );
    expect(problem.getStatus()).toBe(400);
    expect(problem.problem).toMatchObject({ type: 'about:blank', title: 'Invalid request', status: 400 });
    expect(problem.problem.errors?.map(({ field, rule }) => ({ field, rule }))).toEqual(
      expect.arrayContaining([
        { field: 'extra', rule: 'unrecognized_keys' },
        { field: 'applicant.name', rule: 'too_small' },
        { field: 'applicant.email', rule: 'invalid_format:email' },
        { field: 'applicant.ssn', rule: 'invalid_format:regex' },
        { field: 'amount', rule: 'invalid_type:number' },
      ]),
    );
    expect(problem.problem.errors).toHaveLength(5);
    expect(problem.problem.detail).toContain('5 invalid fields');
  });

  it('names each unknown key on its own, nested ones by their full path', () => {
    const problem = problemOf(() =>
      parseWith(Application, { ...valid, applicant: { ...valid.applicant, income: 1, pet: 'cat' } }),
    );
    expect(problem.problem.errors).toEqual([
      { field: 'applicant.income', rule: 'unrecognized_keys', message: 'unknown field "income" is not allowed' },
      { field: 'applicant.pet', rule: 'unrecognized_keys', message: 'unknown field "pet" is not allowed' },
    ]);
  });

  it('names the part itself "(body)" (or "(query)") when the whole value is wrong', () => {
    expect(problemOf(() => parseWith(Application, 'text')).problem.errors).toEqual([
      expect.objectContaining({ field: '(body)', rule: 'invalid_type:object' }),
    ]);
    expect(
      problemOf(() => parseWith(z.object({ page: z.coerce.number() }), null, 'query')).problem.errors?.[0]?.field,
    ).toBe('(query)');
  });

  it('shows an empty key as "" so the field is never blank', () => {
    const problem = problemOf(() => parseWith(z.strictObject({ a: z.strictObject({}) }), { a: { '': 1 }, '': 2 }));
    expect(problem.problem.errors?.map((error) => error.field).sort()).toEqual(['""', 'a.""']);
  });

  it('numbers array elements in the path', () => {
    const problem = problemOf(() => parseWith(z.object({ items: z.array(z.number()) }), { items: [1, 'two'] }));
    expect(problem.problem.errors?.[0]).toMatchObject({ field: 'items.1', rule: 'invalid_type:number' });
  });
});

describe('ZodValidationPipe', () => {
  it('parses with its schema and names the argument kind in the detail', () => {
    const pipe = new ZodValidationPipe(Application);
    expect(pipe.transform(valid, { type: 'body' })).toEqual(valid);
    const problem = problemOf(() => pipe.transform({ amount: 1 }, { type: 'query' }));
    expect(problem.problem.detail).toMatch(/^The request query has/);
    expect(problem.problem.errors?.[0]).toMatchObject({ field: 'applicant', rule: 'invalid_type:object' });
  });

  it('uses the name it was given over the argument kind', () => {
    const problem = problemOf(() =>
      new ZodValidationPipe(z.strictObject({}), 'filter').transform({ x: 1 }, { type: 'query' }),
    );
    expect(problem.problem.detail).toMatch(/^The request filter has an invalid field: x\.$/);
  });
});
