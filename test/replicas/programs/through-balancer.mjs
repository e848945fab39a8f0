// A program that knows fedlab only by the balancer's public names (the README's nginx example):
// mint at STS, exchange at Entra, read the vault's secret, ask ARM and the console. It trusts the
// balancer's certificate through NODE_EXTRA_CA_CERTS, as any Node program would, and is set up as the
// README says a program pointed at fedlab is (authority host, no instance discovery). Prints JSON.
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';

const env = process.env;
const sts = new STSClient({ endpoint: env.STS_ENDPOINT, region: 'us-east-1', maxAttempts: 1 });
const issuers = [];
const credential = new ClientAssertionCredential(env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID, async () => {
  const { WebIdentityToken } = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  issuers.push(JSON.parse(Buffer.from(WebIdentityToken.split('.')[1], 'base64url').toString()).iss);
  return WebIdentityToken;
}, { authorityHost: env.AUTHORITY_HOST, disableInstanceDiscovery: true });

const result = {};
const step = async (name, run) => {
  try {
    result[name] = await run();
  } catch (error) {
    result[name] = { error: `${error.name}: ${error.message}`.slice(0, 600) };
  }
};
// Twice: the two reads may land on different replicas.
await step('secret', async () => (await new SecretClient(env.VAULT_URL, credential, { disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } }).getSecret('demo-secret')).value);
await step('secretAgain', async () => (await new SecretClient(env.VAULT_URL, credential, { disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } }).getSecret('demo-secret')).value);
await step('identities', async () => {
  const arm = new ManagedServiceIdentityClient(credential, env.SUBSCRIPTION_ID, { endpoint: env.ARM_URL, credentialScopes: ['https://management.azure.com/.default'], retryOptions: { maxRetries: 0 } });
  const names = [];
  for await (const identity of arm.userAssignedIdentities.listByResourceGroup('fedlab-rg')) names.push(identity.name);
  return names;
});
await step('console', async () => {
  const response = await fetch(`${env.CONSOLE_URL}/api/overview`);
  return { status: response.status, accounts: (await response.json()).accounts?.length };
});
result.issuers = [...new Set(issuers)];
process.stdout.write(JSON.stringify(result) + '\n');
sts.destroy();
