// @azure/arm-msi configured for production (default endpoint https://management.azure.com): only the
// environment from `fedlab env` sends it to fedlab. Prints ARM's answer (or its refusal).
import { ManagedServiceIdentityClient } from '@azure/arm-msi';

const credential = { getToken: async () => ({ token: 'not-checked-by-the-proxy', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const client = new ManagedServiceIdentityClient(credential, '00000000-0000-4000-8000-000000000001', { retryOptions: { maxRetries: 0 } });
try {
  const identity = await client.userAssignedIdentities.get('fedlab-rg', 'fedlab-identity');
  process.stdout.write(JSON.stringify({ ok: true, identity }) + '\n');
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, statusCode: error.statusCode, code: error.code, message: error.message, url: error.request?.url }) + '\n');
}
