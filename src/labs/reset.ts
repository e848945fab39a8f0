import type { Attendee } from './attendee.js';
import type { ExerciseStart } from './definition.js';
import { callAwsQuery } from '../client/call-aws-query.js';
import { requestGraphAdminToken } from '../client/graph-admin-token.js';
import type { PartyClient } from '../client/party-client.js';

export interface ResetTargets {
  awsEndpoint: string;
  authorityHost?: string;
  /** Every listener with a /_fedlab/clock (a room shares them all). */
  listeners: string[];
  /** One attendee among several: faults are cleared only where they name the attendee's account or tenant. */
  room: boolean;
  adminToken?: string;
  /** The attendee's vault in Azure RBAC mode, if any. */
  rbacVaultUrl?: string;
}

export interface ResetStep {
  step: string;
  ok: boolean;
  detail: string;
}

type Fault = { id: string; accountId?: string; tenant?: string };

async function setFederation(upstream: PartyClient, targets: ResetTargets, attendee: Attendee, wanted: 'enabled' | 'disabled'): Promise<ResetStep> {
  const principal = attendee.principals[0];
  if (!principal) return { step: 'federation', ok: false, detail: `account ${attendee.accountId} has no principal to sign the IAM call with` };
  const action = wanted === 'enabled' ? 'EnableOutboundWebIdentityFederation' : 'DisableOutboundWebIdentityFederation';
  const answer = await callAwsQuery(upstream, { endpoint: targets.awsEndpoint, service: 'iam', region: attendee.region, credentials: principal }, action);
  // FeatureEnabled / FeatureDisabled: the switch was already where we want it.
  const already = answer.error?.code === (wanted === 'enabled' ? 'FeatureEnabled' : 'FeatureDisabled');
  if (answer.status === 200 || already) return { step: 'federation', ok: true, detail: `outbound federation ${wanted} for ${attendee.accountId}` };
  return { step: 'federation', ok: false, detail: `iam:${action} answered ${answer.status}` };
}

/** A Graph token for the attendee's admin application. */
async function graphToken(upstream: PartyClient, authorityHost: string, attendee: Attendee): Promise<string> {
  if (!attendee.admin) throw new Error(`attendee ${attendee.id} has no application with a client secret to call Graph with`);
  const answer = await requestGraphAdminToken(upstream, { authorityHost, tenantId: attendee.tenantId, clientId: attendee.admin.clientId, clientSecret: attendee.admin.clientSecret });
  if (!answer.ok) throw new Error(`Graph token request failed (${answer.status}): ${answer.text.slice(0, 300)}`);
  return answer.accessToken;
}

async function deleteCredentials(upstream: PartyClient, targets: ResetTargets, attendee: Attendee): Promise<ResetStep> {
  if (!targets.authorityHost) return { step: 'federated-credentials', ok: false, detail: 'this fedlab has no entra' };
  const token = await graphToken(upstream, targets.authorityHost, attendee);
  const headers = { authorization: `Bearer ${token}` };
  const base = `${targets.authorityHost.replace(/\/$/, '')}/v1.0/applications(appId='${attendee.clientId}')/federatedIdentityCredentials`;
  const list = await upstream.request(base, { headers });
  const credentials = (list.json as { value?: { id: string; name: string }[] } | undefined)?.value;
  if (list.status !== 200 || !credentials) return { step: 'federated-credentials', ok: false, detail: `Graph list answered ${list.status}` };
  for (const credential of credentials) {
    const deleted = await upstream.request(`${base}/${encodeURIComponent(credential.id)}`, { method: 'DELETE', headers });
    if (deleted.status !== 204) return { step: 'federated-credentials', ok: false, detail: `Graph delete of ${credential.name} answered ${deleted.status}` };
  }
  return { step: 'federated-credentials', ok: true, detail: `deleted ${credentials.length} federated credential(s) of ${attendee.clientId}` };
}

const control = (targets: ResetTargets, extra: Record<string, string> = {}) => ({ ...extra, ...(targets.adminToken ? { authorization: `Bearer ${targets.adminToken}` } : {}) });

async function clearFaults(upstream: PartyClient, targets: ResetTargets, attendee: Attendee): Promise<ResetStep> {
  let cleared = 0;
  for (const listener of targets.listeners) {
    const url = `${listener.replace(/\/$/, '')}/_fedlab/faults`;
    if (!targets.room) {
      const response = await upstream.request(url, { method: 'DELETE', headers: control(targets) });
      if (response.status !== 204) return { step: 'faults', ok: false, detail: `DELETE ${url} answered ${response.status}` };
      continue;
    }
    const list = await upstream.request(url, { headers: control(targets) });
    const faults = (list.json as { value?: Fault[] } | undefined)?.value;
    if (list.status !== 200 || !faults) return { step: 'faults', ok: false, detail: `GET ${url} answered ${list.status}` };
    for (const fault of faults.filter((f) => f.accountId === attendee.accountId || f.tenant?.toLowerCase() === attendee.tenantId.toLowerCase())) {
      await upstream.request(`${url}/${encodeURIComponent(fault.id)}`, { method: 'DELETE', headers: control(targets) });
      cleared++;
    }
  }
  return { step: 'faults', ok: true, detail: targets.room ? `cleared ${cleared} fault(s) naming ${attendee.accountId} or ${attendee.tenantId}` : 'cleared every fault' };
}

async function setClock(upstream: PartyClient, targets: ResetTargets, offsetSeconds: number): Promise<ResetStep> {
  for (const listener of targets.listeners) {
    const response = await upstream.request(`${listener.replace(/\/$/, '')}/_fedlab/clock`, { method: 'PUT', headers: control(targets, { 'content-type': 'application/json' }), body: JSON.stringify({ offsetSeconds }) });
    if (response.status !== 200) return { step: 'clock', ok: false, detail: `PUT ${listener}/_fedlab/clock answered ${response.status}` };
  }
  return { step: 'clock', ok: true, detail: `clock offset ${offsetSeconds} s on ${targets.listeners.length} listener(s)` };
}

async function resetRoleAssignments(upstream: PartyClient, targets: ResetTargets): Promise<ResetStep> {
  if (!targets.rbacVaultUrl) return { step: 'role-assignments', ok: false, detail: 'this attendee has no vault in RBAC mode' };
  const url = `${targets.rbacVaultUrl.replace(/\/$/, '')}/_fedlab/role-assignments`;
  const response = await upstream.request(url, { method: 'DELETE', headers: control(targets) });
  if (response.status !== 204) return { step: 'role-assignments', ok: false, detail: `DELETE ${url} answered ${response.status}` };
  return { step: 'role-assignments', ok: true, detail: `the configured role assignments of ${targets.rbacVaultUrl}` };
}

/** Restores an exercise's starting state through fedlab's public APIs: IAM, Graph, /_fedlab. */
export async function resetExercise(upstream: PartyClient, targets: ResetTargets, attendee: Attendee, start: ExerciseStart): Promise<ResetStep[]> {
  const steps: (() => Promise<ResetStep>)[] = [];
  if (start.federation) steps.push(() => setFederation(upstream, targets, attendee, start.federation!));
  if (start.federatedCredentials === 'delete-all') steps.push(() => deleteCredentials(upstream, targets, attendee));
  if (start.roleAssignments === 'configured') steps.push(() => resetRoleAssignments(upstream, targets));
  if (start.faults === 'clear') steps.push(() => clearFaults(upstream, targets, attendee));
  if (start.clockOffsetSeconds !== undefined) {
    // One clock per party serves the whole room: an attendee's reset must not move everyone's.
    steps.push(async () => (targets.room ? { step: 'clock', ok: true, detail: 'skipped: the clock is shared by the room (the facilitator sets it)' } : setClock(upstream, targets, start.clockOffsetSeconds!)));
  }
  const results: ResetStep[] = [];
  for (const step of steps) {
    try {
      results.push(await step());
    } catch (error) {
      results.push({ step: 'request', ok: false, detail: (error as Error).message });
    }
  }
  return results;
}
