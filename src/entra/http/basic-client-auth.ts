import type { RawForm } from '../exchange/exchange-context.js';

const BASIC = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * client_secret_basic (RFC 6749 §2.3.1, in Entra's discovery): `Authorization: Basic` with the
 * form-encoded client_id and client_secret, read as if they were form parameters. A value the
 * form carries as well becomes a duplicate, which the request-parameters check refuses (9000411).
 */
export function withBasicClientAuth(form: RawForm, authorization: string | undefined): RawForm {
  const match = BASIC.exec(authorization ?? '');
  if (!match) return form;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return form;
  const merged: RawForm = { ...form };
  const basic = { client_id: formDecode(decoded.slice(0, colon)), client_secret: formDecode(decoded.slice(colon + 1)) };
  for (const [name, value] of Object.entries(basic)) {
    const sent = merged[name];
    merged[name] = sent === undefined || sent === value ? value : [...[sent].flat(), value];
  }
  return merged;
}
