import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

const ENTRA_HOSTS = ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'];

function entraIssued(iss: string, ownBases: readonly string[]): boolean {
  if (ownBases.some((base) => iss === base || iss.startsWith(`${base}/`))) return true;
  let host: string;
  try {
    host = new URL(iss).hostname.toLowerCase();
  } catch {
    return false;
  }
  return ENTRA_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}

/** Entra tokens (real ones, or this fake's own) cannot be federated credentials of an app. */
export const notEntraIssuedCheck: ExchangeCheck = {
  name: 'not-entra-issued',
  stage: 'assertion',
  run(ctx) {
    const iss = must(ctx.jwt, 'jwt').payload.iss!;
    if (entraIssued(iss, ctx.runtime.hosts.bases())) throw entraFailure(700222, {}, `issuer ${iss} is an Entra issuer`);
  },
};
