// msal-node with the default authority host (login.microsoftonline.com). msal-node 7 calls Node's
// global fetch, which honours HTTPS_PROXY with NODE_USE_ENV_PROXY=1 from Node 22.21 / 24.5 on; before
// that, one line installs undici's proxy-aware dispatcher (README table). The CA: NODE_EXTRA_CA_CERTS.
import { STSClient, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { EnvHttpProxyAgent, setGlobalDispatcher } from 'undici';

const [major, minor] = process.versions.node.split('.').map(Number);
const fetchReadsProxyEnv = (major === 22 && minor >= 21) || (major === 24 && minor >= 5) || major >= 25;
if (!fetchReadsProxyEnv) setGlobalDispatcher(new EnvHttpProxyAgent());

const sts = new STSClient({ region: process.env.AWS_REGION, requestHandler: new NodeHttpHandler({ httpsAgent: new HttpsProxyAgent(process.env.HTTPS_PROXY) }) });
const { WebIdentityToken } = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }));
const app = new ConfidentialClientApplication({
  auth: { clientId: process.env.AZURE_CLIENT_ID, authority: `https://login.microsoftonline.com/${process.env.AZURE_TENANT_ID}`, clientAssertion: WebIdentityToken },
});
const result = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
const claims = JSON.parse(Buffer.from(result.accessToken.split('.')[1], 'base64url').toString());
process.stdout.write(JSON.stringify({ iss: claims.iss, aud: claims.aud, authority: result.authority }) + '\n');
