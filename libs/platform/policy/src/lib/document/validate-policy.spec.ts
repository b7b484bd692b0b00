import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPolicyIssue, PolicyIssue } from './policy-issue';
import { parsePolicyDocument, validatePolicyDocument, validatePolicyJson } from './validate-policy';
import { isPolicyError, isPolicyValidationError } from '../errors/policy-error';

const fixtures = join(__dirname, '../../../fixtures');
const issuesOf = (file: string): PolicyIssue[] => {
  const validation = validatePolicyJson(readFileSync(join(fixtures, 'invalid', file), 'utf8'));
  if (validation.ok) throw new Error(`${file} validated`);
  return [...validation.issues];
};

const minimal = () => ({
  id: 'probe',
  version: '1',
  description: 'probe',
  intents: ['llm.invoke'],
  defaultEffect: 'deny',
  rules: [
    {
      id: 'r1',
      condition: { fact: 'a.b', operator: 'equal', value: 1 },
      effect: 'allow',
      reason: { code: 'OK', message: 'ok' },
    },
  ],
});

describe('validatePolicyDocument: bad documents are rejected, naming the rule and the field', () => {
  it('accepts every fixture policy and fills the defaults', () => {
    for (const file of ['lending-llm.json', 'operators-showcase.json', 'triage-output-guard.json']) {
      const validation = validatePolicyJson(readFileSync(join(fixtures, 'policies', file), 'utf8'));
      expect(validation.ok ? [] : validation.issues.map(formatPolicyIssue)).toEqual([]);
    }
    const document = parsePolicyDocument(minimal());
    expect(document).toMatchObject({
      combining: 'deny-overrides',
      defaultObligations: [],
      rules: [{ priority: 0, obligations: [] }],
    });
  });

  it('an unknown operator: names the rule, the path to the operator, and the operators there are', () => {
    const [issue, ...rest] = issuesOf('unknown-operator.json');
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      ruleId: 'dti-limit',
      ruleIndex: 0,
      field: 'condition.all[0].operator',
      path: 'rules[0].condition.all[0].operator',
    });
    expect(formatPolicyIssue(issue as PolicyIssue)).toMatch(
      /^rule "dti-limit" \(rules\[0\]\), field condition\.all\[0\]\.operator: unknown operator "greaterThen"; use one of equal, notEqual, .*matches.*dateBefore.*absent$/,
    );
  });

  it('a missing effect: "is required" at the rule\'s effect', () => {
    expect(issuesOf('missing-effect.json').map(formatPolicyIssue)).toEqual([
      'rule "consent-given" (rules[0]), field effect: is required',
    ]);
  });

  it('duplicate rule ids: the second occurrence, pointing at the first', () => {
    expect(issuesOf('duplicate-rule-ids.json').map(formatPolicyIssue)).toEqual([
      'rule "amount-limit" (rules[1]), field id: duplicate rule id "amount-limit" (also rules[0])',
    ]);
  });

  it('wrong types: every one is reported, not just the first', () => {
    const lines = issuesOf('wrong-types.json').map(formatPolicyIssue);
    expect(lines).toEqual(
      expect.arrayContaining([
        'field version: must be a string, not a number',
        'field intents: must be an array, not a string',
        'field defaultEffect: must be one of "allow", "deny", "review", not "permit"',
        'rule "score-floor" (rules[0]), field priority: must be a number, not a string',
        'rule "score-floor" (rules[0]), field condition.value: must be a number or {"fact": "path"}',
        expect.stringMatching(/^rule "score-floor" \(rules\[0\]\), field reason\.code: .*UPPER_SNAKE_CASE/),
        expect.stringMatching(/^rule "date-check" \(rules\[1\]\), field condition\.value: must be an ISO 8601 date/),
        expect.stringMatching(
          /^rule "date-check" \(rules\[1\]\), field obligations\[0\]\.fields: must be an array, not a string/,
        ),
      ]),
    );
    expect(lines).toHaveLength(8);
  });

  it.each([
    [
      'an unknown field of a rule',
      (d: ReturnType<typeof minimal>) => Object.assign(d.rules[0] as object, { when: {} }),
      'rule "r1" (rules[0]), field when: is not a field here',
    ],
    [
      'an unknown field of a condition',
      (d: ReturnType<typeof minimal>) => Object.assign(d.rules[0]?.condition as object, { path: 'x' }),
      'rule "r1" (rules[0]), field condition.path: is not a field of a condition',
    ],
    [
      'a bad fact path',
      (d: ReturnType<typeof minimal>) => Object.assign(d.rules[0]?.condition as object, { fact: 'a..b' }),
      expect.stringMatching(/field condition\.fact: must be a dotted path/),
    ],
    [
      'an invalid regular expression',
      (d: ReturnType<typeof minimal>) =>
        Object.assign(d.rules[0] as object, { condition: { fact: 'a', operator: 'matches', value: '(' } }),
      expect.stringMatching(/field condition\.value: is not a valid regular expression/),
    ],
    [
      'a stateful regular-expression flag',
      (d: ReturnType<typeof minimal>) =>
        Object.assign(d.rules[0] as object, { condition: { fact: 'a', operator: 'matches', value: 'x', flags: 'g' } }),
      expect.stringMatching(/field condition\.flags: may only hold the flags i, m, s, u/),
    ],
    [
      'an impossible calendar date',
      (d: ReturnType<typeof minimal>) =>
        Object.assign(d.rules[0] as object, { condition: { fact: 'a', operator: 'dateBefore', value: '2026-02-30' } }),
      expect.stringMatching(/field condition\.value: must be an ISO 8601 date/),
    ],
    [
      'a range the wrong way round',
      (d: ReturnType<typeof minimal>) =>
        Object.assign(d.rules[0] as object, { condition: { fact: 'a', operator: 'between', value: [5, 1] } }),
      'rule "r1" (rules[0]), field condition.value: min must not exceed max',
    ],
    [
      'an empty any',
      (d: ReturnType<typeof minimal>) => Object.assign(d.rules[0] as object, { condition: { any: [] } }),
      'rule "r1" (rules[0]), field condition.any: must be a non-empty array of conditions',
    ],
    [
      'all beside a comparison',
      (d: ReturnType<typeof minimal>) =>
        Object.assign(d.rules[0] as object, { condition: { all: [{ fact: 'a', operator: 'present' }], fact: 'b' } }),
      expect.stringMatching(/field condition\.fact: is not allowed beside "all"/),
    ],
    [
      'a missing condition',
      (d: ReturnType<typeof minimal>) => delete (d.rules[0] as { condition?: unknown }).condition,
      'rule "r1" (rules[0]), field condition: is required',
    ],
    [
      'a reserved reason code',
      (d: ReturnType<typeof minimal>) =>
        Object.assign(d.rules[0] as object, { reason: { code: 'NO_POLICY', message: 'x' } }),
      'rule "r1" (rules[0]), field reason.code: is reserved for the engine',
    ],
    [
      'obligations on a deny rule',
      (d: ReturnType<typeof minimal>) =>
        Object.assign(d.rules[0] as object, { effect: 'deny', obligations: [{ type: 'cap', name: 'x', limit: 1 }] }),
      expect.stringMatching(/field obligations: a deny rule has no obligations/),
    ],
    [
      'a value on present',
      (d: ReturnType<typeof minimal>) =>
        Object.assign(d.rules[0] as object, { condition: { fact: 'a', operator: 'present', value: 3 } }),
      expect.stringMatching(/field condition\.value: takes no value/),
    ],
    [
      'a rule without an id',
      (d: ReturnType<typeof minimal>) => delete (d.rules[0] as { id?: unknown }).id,
      'rules[0] (no valid id), field id: is required',
    ],
    [
      'a NUL character',
      (d: ReturnType<typeof minimal>) => Object.assign(d, { description: 'a\u0000b' }),
      'field description: must not contain the NUL character (\\u0000)',
    ],
  ])('rejects %s', (_label, spoil, expected) => {
    const document = minimal();
    spoil(document);
    const validation = validatePolicyDocument(document);
    expect(validation.ok).toBe(false);
    expect(validation.ok ? [] : validation.issues.map(formatPolicyIssue)).toEqual([expected]);
  });

  it('reports JSON syntax errors and non-objects as issues, and throws a typed error from parsePolicyDocument', () => {
    const syntax = validatePolicyJson('{ "id": ');
    expect(syntax.ok ? [] : syntax.issues.map(formatPolicyIssue)).toEqual([
      expect.stringMatching(/^\(document\): is not valid JSON/),
    ]);
    expect(validatePolicyDocument([1, 2]).ok).toBe(false);
    let caught: unknown;
    try {
      parsePolicyDocument({ ...minimal(), version: 3 }, 'probe.json');
    } catch (error) {
      caught = error;
    }
    expect(isPolicyValidationError(caught)).toBe(true);
    expect(isPolicyError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'INVALID_POLICY', httpStatus: 400, retryable: false, outcome: 'dead-letter' });
    expect((caught as Error).message).toMatch(
      /^probe\.json is not a valid policy: version: must be a string, not a number$/,
    );
  });
});
