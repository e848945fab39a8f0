import type { Request, Response } from 'express';
import type { Account } from '../../accounts/account.js';
import { principalView } from '../../accounts/principal-admin.js';
import { SIGNING_ALGORITHMS } from '../../../core/keys/signing-key.js';
import type { AwsRuntime } from '../../runtime.js';
import { entityOfArn } from '../../iam/store/iam-store.js';

function policiesInForce(account: Account, arn: string) {
  const who = entityOfArn(arn);
  if (!who) return undefined;
  const e = account.iam.entity(who.kind, who.name);
  return { inline: Object.keys(e.inline), attached: e.attached, ...(e.boundary ? { permissionsBoundary: e.boundary } : {}) };
}

export function accountView(party: AwsRuntime, account: Account) {
  const now = party.ctx.clock.now();
  const published = new Set(account.keys.jwks(now).keys.map((k) => k.kid));
  return {
    id: account.id,
    region: account.config.region,
    outboundFederation: account.federationEnabled ? 'enabled' : 'disabled',
    issuer: account.issuerUrl,
    issuerId: account.issuerId,
    // The IAM policies in force for each principal's role or user (changed by the IAM API at runtime).
    principals: account.principals.map((p) => ({ ...principalView(account, p), policiesInForce: policiesInForce(account, p.arn) })),
    signingKids: SIGNING_ALGORITHMS.map((alg) => account.keys.signingKey(alg).kid),
    keys: account.keys.stored().map((k) => ({ kid: k.kid, alg: k.alg, createdAt: k.createdAt, retireAt: k.retireAt ?? null, published: published.has(k.kid) })),
  };
}

/** `GET /_fedlab/accounts`: every account, its switch, issuer, principals (no secrets) and key generations. */
export function listAccounts(party: AwsRuntime) {
  return (_req: Request, res: Response): void => {
    res.json({ value: party.directory.accounts.map((account) => accountView(party, account)) });
  };
}
