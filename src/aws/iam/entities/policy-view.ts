import { textElement } from '../../awsquery/xml.js';
import type { IamStore } from '../store/iam-store.js';
import type { ManagedPolicyRecord } from '../store/managed-policy-record.js';
import type { PolicyJson } from '../policy-config.js';
import { roleXml } from '../roles/role-view.js';

/** A policy document as IAM returns it: the JSON text, URL-encoded (RFC 3986). */
export const encodedDocument = (doc: PolicyJson) => encodeURIComponent(JSON.stringify(doc));

/** `Policy` of CreatePolicy/GetPolicy/ListPolicies: ListPolicies leaves out Description and Tags, as IAM does. */
export function policyXml(iam: IamStore, policy: ManagedPolicyRecord, full: boolean, element = 'Policy'): string[] {
  const usage = iam.usage(policy.arn);
  const tags = Object.entries(policy.tags).map(([Key, Value]) => ({ Key, Value }));
  return roleXml(
    {
      PolicyName: policy.name,
      DefaultVersionId: policy.defaultVersionId,
      PolicyId: policy.policyId,
      Path: policy.path,
      Arn: policy.arn,
      AttachmentCount: usage.attachments,
      PermissionsBoundaryUsageCount: usage.boundaries,
      IsAttachable: true,
      ...(full && policy.description !== undefined ? { Description: policy.description } : {}),
      CreateDate: policy.createDate,
      UpdateDate: policy.updateDate,
      ...(full && tags.length > 0 ? { Tags: tags } : {}),
    },
    element,
  );
}

/** `PolicyVersion`: the document only where IAM returns it (GetPolicyVersion, not CreatePolicyVersion). */
export function versionXml(policy: ManagedPolicyRecord, versionId: string, withDocument: boolean): string[] {
  const version = policy.versions.find((v) => v.versionId === versionId)!;
  return [
    '<PolicyVersion>',
    ...(withDocument ? [`  ${textElement('Document', encodedDocument(version.document))}`] : []),
    `  ${textElement('VersionId', version.versionId)}`,
    `  ${textElement('IsDefaultVersion', String(version.versionId === policy.defaultVersionId))}`,
    `  ${textElement('CreateDate', version.createDate)}`,
    '</PolicyVersion>',
  ];
}
