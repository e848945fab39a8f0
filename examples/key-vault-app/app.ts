/**
 * A tiny "app": it reads one Azure Key Vault secret as an AWS workload, with no stored Azure secret.
 * AWS STS mints a web identity token for the app's role; Entra ID accepts that token as a federated
 * client assertion; Key Vault accepts Entra's access token. The code is what runs in production; it is
 * pointed at fedlab only through its configuration (the same variable names the SDKs use).
 */
import { readFileSync } from 'node:fs';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ClientAssertionCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';

export type AppEnv = Record<string, string | undefined>;

function required(env: AppEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`key-vault-app: ${name} is not set`);
  return value;
}

/**
 * Reads `name` from the vault at KEY_VAULT_URL.
 *
 * - AWS_REGION, AWS_ENDPOINT_URL_STS (unset in production), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/
 *   AWS_SESSION_TOKEN (unset: the SDK's default credential chain, e.g. the instance or task role).
 * - AZURE_TENANT_ID, AZURE_CLIENT_ID (the Entra application whose federated credential trusts the role),
 *   AZURE_AUTHORITY_HOST (default https://login.microsoftonline.com).
 * - TOKEN_AUDIENCE: audience of the AWS token (default api://AzureADTokenExchange, what Entra expects).
 * - LOCAL_EMULATOR_CA_FILE: only against a local emulator such as fedlab. Trusts that CA in this process
 *   and turns off the two checks that only make sense against the real clouds: instance discovery at
 *   login.microsoftonline.com, and the challenge check that the vault is on *.vault.azure.net.
 */
export async function readSecret(name: string, env: AppEnv = process.env): Promise<string> {
  const localCa = env.LOCAL_EMULATOR_CA_FILE ? readFileSync(env.LOCAL_EMULATOR_CA_FILE, 'utf8') : undefined;
  const awsCredentials = env.AWS_ACCESS_KEY_ID
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: required(env, 'AWS_SECRET_ACCESS_KEY'), sessionToken: env.AWS_SESSION_TOKEN }
    : undefined;
  const sts = new STSClient({ region: required(env, 'AWS_REGION'), endpoint: env.AWS_ENDPOINT_URL_STS, credentials: awsCredentials });

  // Called by @azure/identity whenever it needs a new Entra token: a fresh AWS token each time.
  const awsWebIdentityToken = async (): Promise<string> => {
    const { WebIdentityToken } = await sts.send(
      new GetWebIdentityTokenCommand({ Audience: [env.TOKEN_AUDIENCE ?? 'api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 300 }),
    );
    return WebIdentityToken!;
  };
  const tls = localCa ? { tlsOptions: { ca: localCa } } : {};
  const credential = new ClientAssertionCredential(required(env, 'AZURE_TENANT_ID'), required(env, 'AZURE_CLIENT_ID'), awsWebIdentityToken, {
    authorityHost: env.AZURE_AUTHORITY_HOST,
    disableInstanceDiscovery: Boolean(localCa),
    ...tls,
  });
  const vault = new SecretClient(required(env, 'KEY_VAULT_URL'), credential, { disableChallengeResourceVerification: Boolean(localCa), ...tls });

  try {
    const secret = await vault.getSecret(name);
    return secret.value ?? '';
  } finally {
    sts.destroy();
  }
}
