import { ControlError } from '../../core/control/control-error.js';
import { parseBody } from '../../core/control/parse-body.js';
import { principalSchema, type PrincipalConfig } from '../config.js';
import type { AwsRuntime } from '../runtime.js';
import type { Account } from './account.js';

/** A principal as the admin API shows it: everything but the secret key and session token. */
export function principalView(account: Account, principal: PrincipalConfig) {
  const { secretAccessKey: _secret, sessionToken, ...rest } = principal;
  const fromConfig = account.config.principals.some((p) => p.accessKeyId === principal.accessKeyId && p.arn === principal.arn && p.secretAccessKey === principal.secretAccessKey);
  return { ...rest, hasSessionToken: sessionToken !== null, source: fromConfig ? 'config' : 'runtime' };
}

export function requireAccount(party: AwsRuntime, accountId: string): Account {
  const account = party.directory.byId(accountId);
  if (!account) throw new ControlError(404, 'NoSuchAccount', `no AWS account ${accountId} in the configuration`);
  return account;
}

/**
 * Give an account a new principal (an IAM role or user with an access key), validated exactly
 * like one in the configuration. IAM has no such call; this is fedlab's plain admin equivalent.
 */
export function addPrincipal(party: AwsRuntime, accountId: string, input: unknown): PrincipalConfig {
  const account = requireAccount(party, accountId);
  const principal = parseBody(principalSchema, input);
  const owner = /^arn:[\w-]+:iam::(\d{12}):/.exec(principal.arn)?.[1];
  if (owner !== account.id) throw new ControlError(400, 'InvalidRequest', `arn: principal belongs to account ${owner}, not ${account.id}`);
  const holder = party.directory.byAccessKey(principal.accessKeyId);
  if (holder) throw new ControlError(409, 'EntityAlreadyExists', `access key id ${principal.accessKeyId} is already used by ${holder.principal.arn}`);
  account.putPrincipal(principal);
  party.directory.reindex();
  party.ctx.events.publish({ party: 'aws', type: 'principal-added', accountId, arn: principal.arn, accessKeyId: principal.accessKeyId });
  party.ctx.logger.info({ accountId, arn: principal.arn, accessKeyId: principal.accessKeyId }, 'principal added');
  return principal;
}

/** Take a principal's access key away: its signed requests fail as with a deleted key. */
export function removePrincipal(party: AwsRuntime, accountId: string, accessKeyId: string): void {
  const account = requireAccount(party, accountId);
  const arn = account.principals.find((p) => p.accessKeyId === accessKeyId)?.arn;
  if (!account.deletePrincipal(accessKeyId)) throw new ControlError(404, 'NoSuchEntity', `account ${accountId} has no principal with access key id ${accessKeyId}`);
  party.directory.reindex();
  party.ctx.events.publish({ party: 'aws', type: 'principal-removed', accountId, arn, accessKeyId });
  party.ctx.logger.info({ accountId, arn, accessKeyId }, 'principal removed');
}
