import type { QueryAction } from '../awsquery/action.js';
import { STS } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';
import { uniqueIdOf } from '../identity/unique-id.js';
import { callerIdentityArn, DEFAULT_SESSION_NAME } from '../sts/caller-arn.js';

/**
 * sts:GetCallerIdentity — always allowed, even when a policy denies it (AWS documents that no
 * permission is needed). A role session's UserId is `<role unique id>:<session name>`.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export const getCallerIdentity: QueryAction = {
  name: 'GetCallerIdentity',
  service: STS,
  async handle({ caller: { account, principal } }) {
    const role = /:role\//.test(principal.arn);
    const userId = role ? `${uniqueIdOf(principal.arn)}:${principal.sessionName ?? DEFAULT_SESSION_NAME}` : uniqueIdOf(principal.arn);
    return [textElement('UserId', userId), textElement('Account', account.id), textElement('Arn', callerIdentityArn(principal))];
  },
};
