import type { Request, Response } from 'express';
import { z } from 'zod';
import { noStore } from '../../core/http/common-middleware.js';
import { ConsoleError } from '../http/console-error.js';
import { parseInput } from '../http/parse-input.js';
import type { ConsoleRuntime } from '../runtime.js';

const input = z.strictObject({
  accessToken: z.string().min(1).max(16_384),
  name: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'expected a secret name of letters, digits and dashes'),
});

/** `POST /api/vault/read`: Key Vault GetSecret with the access token the page got from the exchange. */
export function readSecret(runtime: ConsoleRuntime) {
  return async (req: Request, res: Response): Promise<void> => {
    const { accessToken, name } = parseInput(input, req.body);
    const vault = runtime.urls.vault?.url;
    if (!vault) throw new ConsoleError(409, 'no_vault', 'this fedlab runs without the fake Key Vault');
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
