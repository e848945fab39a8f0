import { createRouteTable } from '../../src/proxy/routes.js';

const base = { aws: 'http://127.0.0.1:4580', issuerIds: [], vaults: {} };

test('management.azure.com goes to the urls key arm (its path kept as a prefix) when fedlab runs one', () => {
  expect(createRouteTable({ ...base, arm: 'https://127.0.0.1:4581/arm/' })('management.azure.com')).toEqual({ upstream: 'https://127.0.0.1:4581', pathPrefix: '/arm' });
  expect(createRouteTable({ ...base, arm: 'https://127.0.0.1:4590' })('Management.Azure.com')).toEqual({ upstream: 'https://127.0.0.1:4590', pathPrefix: '' });
});

test('without arm, management.azure.com is answered by the proxy in ARM\'s error envelope, forwarding nothing', () => {
  const route = createRouteTable(base)('management.azure.com')!;
  expect(route.unserved?.status).toBe(404);
  expect(JSON.parse(route.unserved!.body)).toEqual({ error: { code: 'ArmNotServed', message: expect.stringContaining('management.azure.com') } });
});

test.each([
  ['cloudtrail.us-east-1.amazonaws.com', true],
  ['cloudtrail.eu-west-1.amazonaws.com', true],
  ['cloudtrail-fips.us-gov-west-1.amazonaws.com', true],
  ['cloudtrail.eu-west-1.api.aws', true],
  ['organizations.us-east-1.amazonaws.com', true],
  ['organizations-fips.us-east-1.amazonaws.com', true],
  ['organizations.us-east-1.api.aws', true],
  ['organizations.eu-west-1.amazonaws.com', false],
  ['cloudtrail.amazonaws.com', false],
  ['cloudtrail.us-east-1.amazonaws.com.evil.example', false],
])('%s routed to the AWS listener: %s', (host, routed) => {
  expect(createRouteTable(base)(host)?.upstream === base.aws).toBe(routed);
});
