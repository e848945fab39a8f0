import { z } from 'zod';
import type { StateStore } from '../../../core/state-dir.js';
import type { AccountConfig, PrincipalConfig } from '../../config.js';
import { AWS_MANAGED_POLICIES, DEFAULT_POLICY_ARN } from '../managed-policies.js';
import type { PolicyJson } from '../policy-config.js';
import { attachedPolicyArns, inlinePolicies } from '../principal-policies.js';
import { managedPolicyRecord, type ManagedPolicyRecord } from './managed-policy-record.js';

/**
 * One account's IAM policy state: customer managed policies (with their versions) and, per role
 * and user, inline policies, attached policy ARNs and the permissions boundary. The configuration
 * seeds it; the IAM API changes it, persisted in `aws/iam/<account>.json`. From the first change
 * of an entity (or a policy) on, the stored state wins over the configuration for that entity.
 */

export type EntityKind = 'role' | 'user';

export interface EntityPolicies {
  inline: Record<string, PolicyJson>;
  attached: string[];
  boundary?: string;
}

const entitySchema = z.strictObject({ inline: z.record(z.string(), z.record(z.string(), z.unknown())), attached: z.array(z.string()), boundary: z.string().optional() });
const versionSchema = z.strictObject({ versionId: z.string(), document: z.record(z.string(), z.unknown()), createDate: z.string() });
const policySchema = z.strictObject({
  name: z.string(),
  path: z.string(),
  arn: z.string(),
  policyId: z.string(),
  description: z.string().optional(),
  createDate: z.string(),
  updateDate: z.string(),
  defaultVersionId: z.string(),
  versions: z.array(versionSchema),
  nextVersion: z.number().int(),
  tags: z.record(z.string(), z.string()),
});
const stateSchema = z.strictObject({
  policies: z.strictObject({ put: z.array(policySchema), deleted: z.array(z.string()) }).default({ put: [], deleted: [] }),
  entities: z.record(z.string(), entitySchema).default({}),
});
type IamState = z.output<typeof stateSchema>;

export interface IamStore {
  /** A policy by ARN: AWS managed (read-only) or this account's customer managed. */
  policy(arn: string): ManagedPolicyRecord | undefined;
  /** AWS managed policies, then the account's, in creation order. */
  policies(): ManagedPolicyRecord[];
  /** Create or replace a customer managed policy; persisted. */
  putPolicy(policy: ManagedPolicyRecord): void;
  deletePolicy(name: string): void;
  /** The entity's policies as now in force (the configured ones until the API changed them). */
  entity(kind: EntityKind, name: string): EntityPolicies;
  setEntity(kind: EntityKind, name: string, policies: EntityPolicies): void;
  /** Forget an entity's stored policies (DeleteRole). */
  dropEntity(kind: EntityKind, name: string): void;
  /** Entities (roles and users) with the policy attached, or as their boundary. */
  usage(arn: string): { attachments: number; boundaries: number };
  /** The roles and users that use the policy, by ARN, with how each uses it (ListEntitiesForPolicy). */
  holders(arn: string): PolicyHolder[];
}

export interface PolicyHolder {
  kind: EntityKind;
  arn: string;
  attached: boolean;
  boundary: boolean;
}

export const iamStateName = (accountId: string) => `aws/iam/${accountId}.json`;
const entityKey = (kind: EntityKind, name: string) => `${kind}/${name.toLowerCase()}`;
/** `arn:aws:iam::111122223333:role/path/name` → its kind and name. */
export const entityOfArn = (arn: string): { kind: EntityKind; name: string } | undefined => {
  const m = /^arn:[\w-]+:iam::\d{12}:(role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? { kind: m[1] as EntityKind, name: m[2]! } : undefined;
};

function configuredEntity(config: AccountConfig, principals: readonly PrincipalConfig[], kind: EntityKind, name: string): EntityPolicies {
  const principal = principals.find((p) => entityOfArn(p.arn)?.kind === kind && entityOfArn(p.arn)!.name.toLowerCase() === name.toLowerCase());
  if (principal) return { inline: inlinePolicies(principal), attached: attachedPolicyArns(principal), ...(principal.permissionsBoundary ? { boundary: principal.permissionsBoundary } : {}) };
  const role = kind === 'role' ? config.roles.find((r) => entityOfArn(r.arn)!.name.toLowerCase() === name.toLowerCase()) : undefined;
  // A configured role without `policies` keeps fedlab's default policy, as a principal without one does.
  if (!role?.policies) return { inline: {}, attached: role ? [DEFAULT_POLICY_ARN] : [] };
  const docs = role.policies.map((doc) => (typeof doc === 'string' ? (JSON.parse(doc) as PolicyJson) : doc));
  return { inline: Object.fromEntries(docs.map((doc, i) => [`policy-${i + 1}`, doc])), attached: [] };
}

const AWS_RECORDS = [...AWS_MANAGED_POLICIES].map(([name, document]) => managedPolicyRecord({ accountId: 'aws', name, path: '/', document, at: '2026-11-19T00:00:00Z' }));

export function openIamStore(config: AccountConfig, principals: () => readonly PrincipalConfig[], store: StateStore, now: () => Date): IamStore {
  const file = iamStateName(config.id);
  const load = (): IamState => {
    const raw = store.read<unknown>(file);
    const parsed = raw === undefined ? undefined : stateSchema.safeParse(raw);
    if (parsed && !parsed.success) throw new Error(`state file ${file} is corrupt (${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}); fix or delete it`);
    return parsed?.data ?? { policies: { put: [], deleted: [] }, entities: {} };
  };
  let state = load();
  // Another replica's IAM change (`--store`, `--workers`) is in force here at the next request.
  store.watch?.(file, () => {
    state = load();
  });
  const save = (next: IamState) => {
    state = next;
    store.write(file, state);
  };
  const at = now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const seeded = config.managedPolicies.map((p) => managedPolicyRecord({ accountId: config.id, name: p.name, path: '/', document: p.document, at }));
  const lower = (s: string) => s.toLowerCase();
  const customer = (): ManagedPolicyRecord[] => {
    const replaced = new Set([...state.policies.deleted, ...state.policies.put.map((p) => p.name)].map(lower));
    return [...seeded.filter((p) => !replaced.has(lower(p.name))), ...state.policies.put];
  };
  const entities = (): EntityPolicies[] => {
    const keys = new Set([
      ...Object.keys(state.entities),
      ...principals().flatMap((p) => (entityOfArn(p.arn) ? [entityKey(entityOfArn(p.arn)!.kind, entityOfArn(p.arn)!.name)] : [])),
      ...config.roles.map((r) => entityKey('role', entityOfArn(r.arn)!.name)),
    ]);
    return [...keys].map((key) => {
      const [kind, name] = key.split('/') as [EntityKind, string];
      return api.entity(kind, name);
    });
  };
  const api: IamStore = {
    policy(arn) {
      const m = /^arn:[\w-]+:iam::(aws|\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(arn);
      if (!m) return undefined;
      if (m[1] === 'aws') return AWS_RECORDS.find((p) => p.arn === arn);
      if (m[1] !== config.id) return undefined;
      return customer().find((p) => p.arn === arn);
    },
    policies: () => [...AWS_RECORDS, ...customer()],
    putPolicy(policy) {
      save({ ...state, policies: { put: [...state.policies.put.filter((p) => lower(p.name) !== lower(policy.name)), policy], deleted: state.policies.deleted.filter((n) => lower(n) !== lower(policy.name)) } });
    },
    deletePolicy(name) {
      save({ ...state, policies: { put: state.policies.put.filter((p) => lower(p.name) !== lower(name)), deleted: [...state.policies.deleted, name] } });
    },
    entity(kind, name) {
      return state.entities[entityKey(kind, name)] ?? configuredEntity(config, principals(), kind, name);
    },
    setEntity(kind, name, policies) {
      save({ ...state, entities: { ...state.entities, [entityKey(kind, name)]: policies } });
    },
    dropEntity(kind, name) {
      const { [entityKey(kind, name)]: _dropped, ...rest } = state.entities;
      save({ ...state, entities: rest });
    },
    holders(arn) {
      const seen = new Set<string>();
      return [...principals().map((p) => p.arn), ...config.roles.map((r) => r.arn)].flatMap((entityArn) => {
        const who = entityOfArn(entityArn);
        if (!who || seen.has(entityKey(who.kind, who.name))) return [];
        seen.add(entityKey(who.kind, who.name));
        const policies = api.entity(who.kind, who.name);
        const attached = policies.attached.includes(arn);
        const boundary = policies.boundary === arn;
        return attached || boundary ? [{ kind: who.kind, arn: entityArn, attached, boundary }] : [];
      });
    },
    usage(arn) {
      const all = entities();
      return { attachments: all.filter((e) => e.attached.includes(arn)).length, boundaries: all.filter((e) => e.boundary === arn).length };
    },
  };
  return api;
}
