import { api } from './api.js';

/** `?attendee=a07` in the address: whose console this is ('' = everyone's, the facilitator's). */
export const attendeeInUrl = () => new URLSearchParams(location.search).get('attendee') ?? '';

/**
 * The attendee's own corner from the labs API (`GET /api/labs/attendees/:id`): their account,
 * tenant, application and vault. `{ error }` when the address names nobody fedlab knows.
 */
export async function loadScope(labsAvailable) {
  const id = attendeeInUrl();
  if (!id || !labsAvailable) return null;
  try {
    return await api(`/labs/attendees/${encodeURIComponent(id)}`);
  } catch (error) {
    return { id, error };
  }
}

/** The overview reduced to one attendee's world: every view then offers only what is theirs. */
export function scopeOverview(overview, world) {
  if (!world || world.error) return overview;
  const vaults = [...(overview.vault ? [overview.vault] : []), ...(overview.vaults ?? [])];
  return {
    ...overview,
    accounts: overview.accounts.filter((a) => a.id === world.aws.accountId),
    tenants: overview.tenants.filter((t) => t.id.toLowerCase() === world.entra.tenantId.toLowerCase()),
    vault: (world.vault && vaults.find((v) => v.name === world.vault.name)) ?? null,
    vaults: [],
  };
}

const lower = (value) => (typeof value === 'string' ? value.toLowerCase() : undefined);
const ACCOUNT_OF_ARN = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/;

/**
 * Whether an attendee's console shows an event: those naming their account, tenant, application,
 * service principal or vault, and those naming nobody (faults, clocks), which concern everyone;
 * never another attendee's. A vault's events name the vault (even its 401 challenge, which has no
 * token to tell whose client met it).
 */
export function ownsEvent(world, event) {
  if (event.party === 'vault' && typeof event.vault === 'string') return event.vault === world.vault?.name;
  const account = event.accountId ?? ACCOUNT_OF_ARN.exec(String(event.principal ?? event.roleArn ?? ''))?.[1];
  if (account) return account === world.aws.accountId;
  const tenant = lower(event.tenant) ?? lower(event.tenantId);
  if (tenant) return tenant === world.entra.tenantId.toLowerCase();
  const named = [event.clientId, event.appId, event.appid, event.oid].filter((v) => typeof v === 'string');
  if (named.length === 0) return true;
  const ids = [world.entra.clientId, world.entra.servicePrincipalId, world.entra.graphAdminClientId].filter(Boolean).map(lower);
  return named.some((v) => ids.includes(lower(v)));
}
