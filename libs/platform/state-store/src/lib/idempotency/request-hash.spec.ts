import { requestHash } from './request-hash';

describe('requestHash', () => {
  const base = { method: 'POST', route: '/loan-applications' };

  it('is a sha256 hex digest', () => {
    expect(requestHash({ ...base, body: { amount: 5000 } })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order, at any depth', () => {
    const a = requestHash({ ...base, body: { amount: 5000, applicant: { name: 'Ada', age: 36 }, tags: ['x', 'y'] } });
    const b = requestHash({ ...base, body: { tags: ['x', 'y'], applicant: { age: 36, name: 'Ada' }, amount: 5000 } });
    expect(a).toBe(b);
  });

  it('changes with the body, including array order', () => {
    const original = requestHash({ ...base, body: { amount: 5000, tags: ['x', 'y'] } });
    expect(requestHash({ ...base, body: { amount: 5001, tags: ['x', 'y'] } })).not.toBe(original);
    expect(requestHash({ ...base, body: { amount: 5000, tags: ['y', 'x'] } })).not.toBe(original);
  });

  it('changes with the route and the method, not the method case', () => {
    const original = requestHash({ ...base, body: {} });
    expect(requestHash({ ...base, route: '/loan-offers', body: {} })).not.toBe(original);
    expect(requestHash({ ...base, method: 'PUT', body: {} })).not.toBe(original);
    expect(requestHash({ ...base, method: 'post', body: {} })).toBe(original);
  });

  it('hashes an absent body as null', () => {
    expect(requestHash({ ...base, body: undefined })).toBe(requestHash({ ...base, body: null }));
  });
});
