import type { FederatedIdentityCredential } from '../../directory/fic-rules.js';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * `single`: one audience (a string, or an array of exactly one) equal to the credential's: a token
 * also addressed to a third party could be replayed here by it (research §0.6). `any-element`: an
 * array matches when one element is the credential's audience, as real Entra is reported to do [U].
 */
function audienceFits(aud: string | string[], fic: FederatedIdentityCredential, policy: 'single' | 'any-element'): boolean {
  if (typeof aud === 'string') return aud === fic.audiences[0];
  return policy === 'any-element' ? aud.includes(fic.audiences[0]!) : aud.length === 1 && aud[0] === fic.audiences[0];
}

const withoutSlash = (url: string) => url.replace(/\/+$/, '');

/** fedlab's explanation of a 700211: the credential whose issuer misses only by a trailing slash, when there is one. */
function noIssuerDetail(iss: string, credentials: { name: string; issuer: string | undefined }[]): string {
  const near = credentials.find((c) => c.issuer !== undefined && c.issuer !== iss && withoutSlash(c.issuer) === withoutSlash(iss));
  if (near) return `credential '${near.name}' has issuer '${near.issuer}': it differs from the token's iss only by a trailing slash`;
  return 'no federated credential of this application names this issuer';
}

/**
 * The client's federated identity credentials against the token's (iss, sub, aud), exact and
 * case-sensitive. A flexible credential (claimsMatchingExpression) fits on (iss, aud); its
 * expression is evaluated once the signature has verified (claims-expression check).
 * When nothing fits, the first field that rules everything out is reported: issuer, then
 * audience if the subject is known, then subject.
 */
export const federatedCredentialCheck: ExchangeCheck = {
  name: 'federated-credential',
  stage: 'assertion',
  run(ctx) {
    const { iss, sub, aud } = must(ctx.jwt, 'jwt').payload as { iss: string; sub: string; aud: string | string[] };
    const { directory } = ctx.runtime;
    const policy = ctx.runtime.config.audiencePolicy;
    const credentials = must(ctx.app, 'app').federatedIdentityCredentials;
    const byIssuer = credentials.filter((fic) => directory.issuerOf(fic) === iss);
    if (byIssuer.length === 0) throw entraFailure(700211, { iss }, noIssuerDetail(iss, credentials.map((fic) => ({ name: fic.name, issuer: directory.issuerOf(fic) }))));

    const bySubject = byIssuer.filter((fic) => fic.subject === sub && audienceFits(aud, fic, policy));
    const byExpression = byIssuer.filter((fic) => fic.claimsMatchingExpression !== null && audienceFits(aud, fic, policy));
    if (bySubject.length > 0 || byExpression.length > 0) {
      ctx.candidates = [...bySubject, ...byExpression];
      return;
    }
    const shown = typeof aud === 'string' ? aud : aud.join(',');
    if (byIssuer.some((fic) => fic.subject === sub)) {
      const expected = byIssuer.filter((fic) => fic.subject === sub).map((fic) => fic.audiences[0]);
      throw entraFailure(700212, { aud: shown }, `credentials for this subject expect audience ${expected.map((a) => `'${a}'`).join(' or ')}`);
    }
    const caseOnly = byIssuer.find((fic) => fic.subject !== null && fic.subject.toLowerCase() === sub.toLowerCase());
    if (caseOnly) throw entraFailure(7002138, { sub }, `credential '${caseOnly.name}' has subject '${caseOnly.subject}'`);
    throw entraFailure(700213, { sub }, `no credential for issuer ${iss} has this subject and audience '${shown}'`);
  },
};
