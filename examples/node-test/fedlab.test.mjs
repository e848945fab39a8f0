// node:test, no other test runner: `node --test` (packages: fedlab; it brings the AWS and Azure SDKs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions, startFedlab } from 'fedlab';

const ROLE = 'arn:aws:iam::111122223333:role/fedlab-workload'; // from fedlab's embedded defaults
let fedlab;
before(async () => {
  fedlab = await startFedlab({ ports: 'auto' }); // free ports, state in memory
});
after(() => fedlab.close());

test("fedlab's STS mints a web identity token for the role (real STSClient, SigV4)", async () => {
  const sts = fedlab.stsClient(ROLE);
  const { WebIdentityToken } = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  sts.destroy();
  const claims = JSON.parse(Buffer.from(WebIdentityToken.split('.')[1], 'base64url').toString());
  assert.equal(claims.sub, ROLE);
  assert.equal(claims.iss, fedlab.urls.aws.issuers['111122223333']);
});

test('an AWS role reads the Key Vault secret with an exchanged token', async () => {
  const vault = new SecretClient(fedlab.urls.vault.url, fedlab.assertionCredential(), { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true });
  assert.equal((await vault.getSecret('demo-secret')).value, 'hello from Azure, fetched with no long-lived secret');
});
