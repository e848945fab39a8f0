// A program configured for production: no endpoint, authority or vault overrides. Only the
// environment (`fedlab env`, plus the usual AWS_* and AZURE_* variables) sends it to fedlab.
import { STSClient, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient, parseKeyVaultSecretIdentifier } from '@azure/keyvault-secrets';
import { HttpsProxyAgent } from 'https-proxy-agent';

// The AWS SDK for JavaScript builds its own https.Agent, which reads no proxy variable (README table).
const requestHandler = process.env.HTTPS_PROXY ? new NodeHttpHandler({ httpsAgent: new HttpsProxyAgent(process.env.HTTPS_PROXY) }) : undefined;
const sts = new STSClient({ region: process.env.AWS_REGION, requestHandler });
let issuer;
const credential = new ClientAssertionCredential(process.env.AZURE_TENANT_ID, process.env.AZURE_CLIENT_ID, async () => {
  const { WebIdentityToken } = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
  issuer = JSON.parse(Buffer.from(WebIdentityToken.split('.')[1], 'base64url').toString()).iss;
  return WebIdentityToken;
});
const client = new SecretClient(process.env.VAULT_URL, credential);
const secret = await client.getSecret('demo-secret');
// Ids name the vault as the program knows it; the SDK parses them back to the same vault and version.
const parsed = parseKeyVaultSecretIdentifier(secret.properties.id);
const versionIds = [];
for await (const version of client.listPropertiesOfSecretVersions('demo-secret')) versionIds.push(version.id);
const again = await client.getSecret(parsed.name, { version: parsed.version });
process.stdout.write(JSON.stringify({ value: secret.value, issuer, id: secret.properties.id, vaultUrl: secret.properties.vaultUrl, parsed, versionIds, againValue: again.value }) + '\n');
