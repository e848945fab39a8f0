import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ENTRA_CLAIM_NOTES } from '../claim-notes.js';
import type { DemoContext } from '../demo-context.js';
import type { DemoStep } from '../demo-step.js';

export async function explainEntraClaims(ctx: DemoContext): Promise<DemoStep> {
  const token = ctx.accessToken!.token;
  const header = decodeProtectedHeader(token);
  const claims = decodeJwt(token);
  return {
    id: 'entra-claims',
    title: 'The Entra access token, decoded',
    ok: true,
    summary: `v${claims.ver} token for ${claims.aud}, oid ${claims.oid}`,
    details: { header, claims, explained: Object.entries(claims).map(([claim, value]) => ({ claim, value, note: ENTRA_CLAIM_NOTES[claim] ?? '' })) },
  };
}
