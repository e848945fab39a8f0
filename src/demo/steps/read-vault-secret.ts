import { SecretClient } from '@azure/keyvault-secrets';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { azureTlsOptions } from '../../client/trust.js';
import type { DemoContext } from '../demo-context.js';
import type { DemoStep } from '../demo-step.js';

/** The exchanged token opens something: Key Vault's SecretClient reads the demo secret. */
export async function readVaultSecret(ctx: DemoContext): Promise<DemoStep> {
  const { inputs } = ctx;
  const base = { id: 'vault-secret' as const, title: 'Key Vault getSecret with the Entra token (@azure/keyvault-secrets)' };
  const exchanged = ctx.accessToken!;
  const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => exchanged };
  // Through the proxy the vault is https://<name>.vault.azure.net and its challenge names
  // login.microsoftonline.com, so the SDK's challenge verification stays on, as in production.
  const client = new SecretClient(
    inputs.vaultUrl!,
    credential,
    ctx.httpsAgent ? { agent: ctx.httpsAgent } : { ...azureTlsOptions(inputs.caPem), disableChallengeResourceVerification: true },
  );
  try {
    const secret = await client.getSecret(inputs.secretName);
    return { ...base, ok: true, summary: `secret '${secret.name}' = "${secret.value}"`, details: { vaultUrl: inputs.vaultUrl, name: secret.name, value: secret.value, version: secret.properties.version } };
  } catch (error) {
    const e = error as Error & { code?: string; statusCode?: number };
    return { ...base, ok: false, summary: `Key Vault refused: ${e.code ?? e.name}`, details: { vaultUrl: inputs.vaultUrl, status: e.statusCode }, error: { code: e.code ?? e.name, message: e.message } };
  }
}
