import { uniqueIdOf } from '../../identity/unique-id.js';
import type { PolicyJson } from '../policy-config.js';

/** A managed policy as IAM keeps it: up to 5 versions, one of them the default. */
export interface ManagedPolicyRecord {
  name: string;
  path: string;
  arn: string;
  policyId: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  versions: { versionId: string; document: PolicyJson; createDate: string }[];
  /** Version ids are never reused: v1, v2, … even after deletions. */
  nextVersion: number;
  tags: Record<string, string>;
}

export const policyArn = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:policy${path}${name}`;

export function managedPolicyRecord(input: { accountId: string; name: string; path: string; document: PolicyJson; at: string; description?: string; tags?: Record<string, string> }): ManagedPolicyRecord {
  const arn = policyArn(input.accountId, input.path, input.name);
  return {
    name: input.name,
    path: input.path,
    arn,
    policyId: uniqueIdOf(arn),
    ...(input.description !== undefined ? { description: input.description } : {}),
    createDate: input.at,
    updateDate: input.at,
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: input.document, createDate: input.at }],
    nextVersion: 2,
    tags: input.tags ?? {},
  };
}

export const defaultDocument = (policy: ManagedPolicyRecord): PolicyJson => policy.versions.find((v) => v.versionId === policy.defaultVersionId)!.document;
