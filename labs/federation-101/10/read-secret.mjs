// Exercise 10: a program configured for production. No STS endpoint, no authorityHost, no
// disableInstanceDiscovery, no disableChallengeResourceVerification: the vault is named as in
// Azure. Only the environment (`fedlab env`) sends it to fedlab.
import { STSClient, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { HttpsProxyAgent } from 'https-proxy-agent';

// The AWS SDK for JavaScript builds its own https.Agent, which reads no proxy variable: the one
// line production code adds where it runs behind a proxy (README, "Production configuration").
const requestHandler = process.env.HTTPS_PROXY ? { httpsAgent: new HttpsProxyAgent(process.env.HTTPS_PROXY) } : undefined;
const sts = new STSClient({ region: process.env.AWS_REGION, requestHandler });

const credential = new ClientAssertionCredential(process.env.AZURE_TENANT_ID, process.env.AZURE_CLIENT_ID, async () => {
  const { WebIdentityToken } = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  console.log('iss:', JSON.parse(Buffer.from(WebIdentityToken.split('.')[1], 'base64url').toString()).iss);
  return WebIdentityToken;
});
const vaultUrl = `https://${process.env.FEDLAB_VAULT_NAME}.vault.azure.net`;
const secret = await new SecretClient(vaultUrl, credential).getSecret('lab-secret');
console.log('id:', secret.properties.id);
console.log('value:', secret.value);
