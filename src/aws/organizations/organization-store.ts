import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { StateStore } from '../../core/state-dir.js';
import type { AwsConfig } from '../config.js';
import { FULL_AWS_ACCESS } from '../iam/organization-levels.js';

/**
 * AWS Organizations' policies per organization: SCPs and RCPs, their attachments to the root,
 * OUs and accounts, and the policy types enabled on the root. The configuration seeds it (SCPs
 * always enabled, RCPs when the configuration has one); the Organizations API changes it,
 * persisted in `aws/organizations/<org id>.json`, which wins over the configuration once written.
 */

export type OrgPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export interface OrgPolicy {
  id: string;
  name: string;
  description: string;
  type: OrgPolicyType;
  /** The policy text as sent (DescribePolicy returns it as is). */
  content: string;
  awsManaged: boolean;
  /** Root, OU and account ids it is attached to. */
  targets: string[];
}

const stateSchema = z.strictObject({
  enabledTypes: z.array(z.enum(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'])),
  policies: z.array(
    z.strictObject({ id: z.string(), name: z.string(), description: z.string(), type: z.enum(['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']), content: z.string(), awsManaged: z.boolean(), targets: z.array(z.string()) }),
  ),
});
export type OrgState = z.output<typeof stateSchema>;

/** The AWS managed policy each type starts with, attached to every node when the type is enabled. */
export const FULL_ACCESS: Record<OrgPolicyType, { id: string; name: string; description: string }> = {
  SERVICE_CONTROL_POLICY: { id: 'p-FullAWSAccess', name: 'FullAWSAccess', description: 'Allows access to every operation' },
  RESOURCE_CONTROL_POLICY: { id: 'p-RCPFullAWSAccess', name: 'RCPFullAWSAccess', description: 'Allows access to every operation' },
};

export const newPolicyId = (seed: string) => `p-${createHash('sha256').update(seed).digest('hex').slice(0, 8)}`;

export interface Organization {
  readonly id: string;
  /** Root, OUs and member accounts, from the members' `ouPath`. */
  readonly nodes: { roots: string[]; ous: string[]; accounts: string[] };
  state(): OrgState;
  save(next: OrgState): void;
}

export interface OrganizationStore {
  byId(id: string): Organization | undefined;
}

function nodesOf(config: AwsConfig, orgId: string) {
  const members = config.accounts.filter((a) => a.organization?.id === orgId);
  const paths = members.flatMap((m) => m.organization!.ouPath.map((p) => p.split('/').filter((s) => s.length > 0).slice(1)));
  return { roots: [...new Set(paths.map((p) => p[0]!).filter(Boolean))], ous: [...new Set(paths.flatMap((p) => p.slice(1)))], accounts: members.map((m) => m.id) };
}

function seedState(config: AwsConfig, orgId: string, nodes: Organization['nodes']): OrgState {
  const configured = config.organizations.find((o) => o.id === orgId)?.policies ?? [];
  const enabledTypes: OrgPolicyType[] = ['SERVICE_CONTROL_POLICY', ...(configured.some((p) => p.type === 'RESOURCE_CONTROL_POLICY') ? (['RESOURCE_CONTROL_POLICY'] as const) : [])];
  const everywhere = [...nodes.roots, ...nodes.ous, ...nodes.accounts];
  return {
    enabledTypes,
    policies: [
      ...enabledTypes.map((type) => ({ ...FULL_ACCESS[type], type, content: JSON.stringify(FULL_AWS_ACCESS), awsManaged: true, targets: everywhere })),
      ...configured.map((p) => ({ id: newPolicyId(`${orgId}/${p.name}`), name: p.name, description: p.description, type: p.type, content: JSON.stringify(p.document), awsManaged: false, targets: p.targets })),
    ],
  };
}

const stateName = (orgId: string) => `aws/organizations/${orgId}.json`;

export function openOrganizationStore(config: AwsConfig, store: StateStore): OrganizationStore {
  const ids = new Set([...config.organizations.map((o) => o.id), ...config.accounts.flatMap((a) => (a.organization ? [a.organization.id] : []))]);
  const orgs = new Map<string, Organization>();
  for (const id of ids) {
    const nodes = nodesOf(config, id);
    const load = () => {
      const raw = store.read<unknown>(stateName(id));
      const parsed = raw === undefined ? undefined : stateSchema.safeParse(raw);
      if (parsed && !parsed.success) throw new Error(`state file ${stateName(id)} is corrupt (${parsed.error.issues[0]!.message}); fix or delete it`);
      return parsed?.data ?? seedState(config, id, nodes);
    };
    let state = load();
    // Another replica's change (`--store`, `--workers`) is in force here at the next request.
    store.watch?.(stateName(id), () => {
      state = load();
    });
    orgs.set(id, {
      id,
      nodes,
      state: () => state,
      save(next) {
        state = next;
        store.write(stateName(id), state);
      },
    });
  }
  return { byId: (id) => orgs.get(id) };
}
