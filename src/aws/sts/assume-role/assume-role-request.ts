import { memberList, structList } from '../../awsquery/form-params.js';

/** AssumeRole's parameters as sent (awsQuery form), before any check. */
export interface AssumeRoleInput {
  roleArn: string | null;
  roleSessionName: string | null;
  durationSeconds: string | null;
  policy: string | null;
  policyArns: string[];
  tags: { key: string; value: string }[];
  transitiveTagKeys: string[];
  externalId: string | null;
  sourceIdentity: string | null;
}

export function readAssumeRoleInput(params: URLSearchParams): AssumeRoleInput {
  return {
    roleArn: params.get('RoleArn'),
    roleSessionName: params.get('RoleSessionName'),
    durationSeconds: params.get('DurationSeconds'),
    policy: params.get('Policy'),
    policyArns: structList(params, 'PolicyArns', (p) => params.get(`${p}.arn`) ?? '') ?? [],
    tags: structList(params, 'Tags', (p) => ({ key: params.get(`${p}.Key`) ?? '', value: params.get(`${p}.Value`) ?? '' })) ?? [],
    transitiveTagKeys: memberList(params, 'TransitiveTagKeys') ?? [],
    externalId: params.get('ExternalId'),
    sourceIdentity: params.get('SourceIdentity'),
  };
}
