import { Server, type AddressInfo } from 'node:net';
import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions, mintWebIdentityToken, startFedlab, type Fedlab } from 'fedlab';

const WORKLOAD_ROLE = 'arn:aws:iam::111122223333:role/fedlab-workload';

function secretClient(fedlab: Fedlab): SecretClient {
  return new SecretClient(fedlab.urls.vault!.url, fedlab.assertionCredential(), { ...azureTlsOptions(fedlab.ca), disableChallengeResourceVerification: true });
}

function endpoints(fedlab: Fedlab): string[] {
  return [fedlab.urls.aws.endpoint, fedlab.urls.entra!.authorityHost, fedlab.urls.vault!.url];
}

/**
 * Ports of this process's listening servers that belong to the given URLs (what would keep jest from
 * exiting). Only fedlab's own ports are looked at: when jest runs many files in one worker, other
 * files' servers and sockets open and close at any moment.
 */
function listeningPorts(urls: string[]): number[] {
  const wanted = new Set(urls.map((url) => Number(new URL(url).port)));
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles
    .filter((h): h is Server => h instanceof Server && h.listening)
    .map((server) => (server.address() as AddressInfo | null)?.port ?? -1)
    .filter((port) => wanted.has(port));
}

/** Node releases a closed server's handle just after its close callback: wait briefly for that. */
async function listeningPortsSettle(urls: string[]): Promise<number[]> {
  for (let waited = 0; listeningPorts(urls).length > 0 && waited < 2_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  return listeningPorts(urls);
}

/** true once nothing listens at the URL any more. */
async function refused(fedlab: Fedlab, url: string): Promise<boolean> {
  return fedlab.fetch(`${url}/health`).then(
    () => false,
    (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED',
  );
}

test('two fedlabs in one process, on automatic ports: both work, independently, and both close', async () => {
  const [a, b] = await Promise.all([startFedlab({ ports: 'auto' }), startFedlab({ ports: 'auto' })]);
  let closed = false;
  try {
    expect(new Set([...endpoints(a), ...endpoints(b)]).size).toBe(6);
    const urls = [...endpoints(a), ...endpoints(b)];
    expect(listeningPorts(urls)).toHaveLength(6); // the check sees fedlab's listeners
    expect(a.urls.aws.issuers['111122223333']).not.toBe(b.urls.aws.issuers['111122223333']);

    const [vaultA, vaultB] = [secretClient(a), secretClient(b)];
    expect((await vaultA.getSecret('demo-secret')).value).toBe('hello from Azure, fetched with no long-lived secret');
    expect((await vaultB.getSecret('demo-secret')).value).toBe('hello from Azure, fetched with no long-lived secret');

    // Separate state: a secret written to A's vault does not exist in B's.
    await vaultA.setSecret('only-in-a', 'a');
    expect((await vaultA.getSecret('only-in-a')).value).toBe('a');
    await expect(vaultB.getSecret('only-in-a')).rejects.toMatchObject({ statusCode: 404, code: 'SecretNotFound' });

    // Separate trust: B's Entra trusts B's AWS issuer only, so a token minted by A's STS is refused.
    const stsA = a.stsClient(WORKLOAD_ROLE);
    const tokenFromA = await mintWebIdentityToken(stsA);
    stsA.destroy();
    const credentialAtB = b.assertionCredential();
    const refusedAtB = await b.fetch(`${b.entraAuthorityHost}/${b.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: b.clientId!,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: tokenFromA,
        scope: 'https://vault.azure.net/.default',
      }),
    });
    expect(refusedAtB.status).toBe(401);
    expect(((await refusedAtB.json()) as { error_codes: number[] }).error_codes).toEqual([700211]); // no federated credential for that issuer
    await expect(credentialAtB.getToken('https://vault.azure.net/.default')).resolves.toMatchObject({ token: expect.any(String) });

    await Promise.all([a.close(), b.close()]);
    closed = true;
    expect(await listeningPortsSettle(urls)).toEqual([]);
    await expect(a.close()).resolves.toBeUndefined(); // closing twice is harmless
    for (const url of [...endpoints(a), ...endpoints(b)]) expect(await refused(a, url)).toBe(true);
  } finally {
    if (!closed) await Promise.all([a.close(), b.close()]);
  }
});
