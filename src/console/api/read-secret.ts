import type { Request, Response } from 'express';
import { z } from 'zod';
import { noStore } from '../../core/http/common-middleware.js';
import { ConsoleError } from '../http/console-error.js';
import { parseInput } from '../http/parse-input.js';
import type { ConsoleRuntime } from '../runtime.js';

const input = z.strictObject({
  accessToken: z.string().min(1).max(16_384),
  name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'expected a secret name of letters, digits and dashes'),
  /** Which vault (by name) when fedlab runs several (a room); default: the configuration's `vault`. */
  vault: z.string().min(1).max(64).optional(),
});

/** Only vaults fedlab runs: the page names one, it never sends a URL. */
function vaultUrl(runtime: ConsoleRuntime, name: string | undefined): string {
  if (name === undefined || name === runtime.sources.vault?.name) {
    const url = runtime.urls.vault?.url;
    if (url) return url;
    if (name === undefined) throw new ConsoleError(409, 'no_vault', 'this fedlab runs without the fake Key Vault');
  }
  const other = runtime.urls.vaults?.find((v) => v.name === name);
  if (!other) throw new ConsoleError(404, 'unknown_vault', `no Key Vault '${name}' runs in this fedlab (known: ${[runtime.sources.vault?.name, ...(runtime.urls.vaults ?? []).map((v) => v.name)].filter(Boolean).join(', ')})`);
  return other.url;
}

/** `POST /api/vault/read`: Key Vault GetSecret with the access token the page got from the exchange. */
export function readSecret(runtime: ConsoleRuntime) {
  return async (req: Request, res: Response): Promise<void> => {
    const { accessToken, name, vault: vaultName } = parseInput(input, req.body);
    const vault = vaultUrl(runtime, vaultName);
    const url = `${vault.replace(/\/$/, '')}/secrets/${name}?api-version=7.5`;
    const response = await runtime.client.request(url, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = (response.json ?? {}) as { value?: string; id?: string; error?: { code?: string; message?: string } };
    noStore(res);
    if (response.status === 200) {
      res.json({ ok: true, status: 200, request: { url }, name, value: body.value, id: body.id });
      return;
    }
    res.json({
      ok: false,
      status: response.status,
      request: { url },
      error: { code: body.error?.code ?? `HTTP${response.status}`, message: body.error?.message ?? response.text.slice(0, 300) },
      challenge: response.headers.get('www-authenticate'),
    });
  };
}
