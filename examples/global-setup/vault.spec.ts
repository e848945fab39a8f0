import { suiteSecretClient, suiteStsClient } from './suite-fedlab.js';

const sts = suiteStsClient();
afterAll(() => sts.destroy());

test('reads demo-secret through the suite-wide fedlab', async () => {
  const secret = await suiteSecretClient(sts).getSecret('demo-secret');
  expect(secret.value).toBe('hello from Azure, fetched with no long-lived secret');
});

test('writes and reads back a secret', async () => {
  const vault = suiteSecretClient(sts);
  const name = `suite-${process.pid}`;
  await vault.setSecret(name, 'written by the global-setup example');
  expect((await vault.getSecret(name)).value).toBe('written by the global-setup example');
});
