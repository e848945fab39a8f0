import type { Account } from '../../src/aws/accounts/account.js';
import { createSessionStore, newSessionCredentials, type RoleSession } from '../../src/aws/sessions/session-store.js';

const account = { id: '111122223333' } as Account;
const session = (expiresAt: string): RoleSession => ({
  account,
  principal: { arn: 'arn:aws:iam::111122223333:role/app', ...newSessionCredentials(), sessionExpiresAt: expiresAt, tags: {}, context: {}, policy: null, sessionName: 's1' },
  transitiveTagKeys: [],
  sessionPolicies: [],
});

test('at most maxSessionsPerAccount live sessions: the oldest goes first, expired ones are pruned', () => {
  let now = new Date('2030-01-01T00:00:00Z');
  const store = createSessionStore(2, () => now);
  const [a, b, c] = [session('2030-01-01T01:00:00Z'), session('2030-01-01T01:00:00Z'), session('2030-01-01T00:30:00Z')];
  store.put(a);
  store.put(b);
  store.put(c);
  expect(store.byAccessKey(a.principal.accessKeyId)).toBeUndefined();
  expect(store.byAccessKey(b.principal.accessKeyId)).toBe(b);
  expect(store.count(account.id)).toBe(2);
  now = new Date('2030-01-01T00:45:00Z');
  const d = session('2030-01-01T02:00:00Z');
  store.put(d);
  // c expired and was pruned, so b is still there next to d.
  expect(store.byAccessKey(c.principal.accessKeyId)).toBeUndefined();
  expect(store.byAccessKey(b.principal.accessKeyId)).toBe(b);
  expect(store.count(account.id)).toBe(2);
});

test('credentials look like AWS temporary credentials', () => {
  const { accessKeyId, secretAccessKey, sessionToken } = newSessionCredentials();
  expect(accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
  expect(secretAccessKey).toHaveLength(40);
  expect(sessionToken.length).toBeGreaterThan(200);
});
