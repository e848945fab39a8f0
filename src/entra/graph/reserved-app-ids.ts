import type { Directory } from '../directory/directory.js';

/**
 * Microsoft's first-party application ids (the same in every tenant): no tenant may register an
 * application under them. Sources: "Verify first-party Microsoft applications in sign-in reports"
 * (learn.microsoft.com/troubleshoot/entra/entra-id/governance/verify-first-party-apps-sign-in) and
 * the Key Vault / ARM docs.
 */
export const FIRST_PARTY_APP_IDS: ReadonlyMap<string, string> = new Map([
  ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
  ['00000002-0000-0000-c000-000000000000', 'Windows Azure Active Directory'],
  ['cfa8b339-82a2-471a-a3c9-0fc0be7a4093', 'Azure Key Vault'],
  ['797f4846-ba00-4fd7-ba43-dac1f8f63013', 'Windows Azure Service Management API'],
  ['e406a681-f3d4-42a8-90b6-c2b029497af1', 'Azure Storage'],
  ['04b07795-8ddb-461a-bbee-02f9e1bf7b46', 'Microsoft Azure CLI'],
  ['1950a258-227b-4e31-a9cf-717495945fc2', 'Microsoft Azure PowerShell'],
  ['00000002-0000-0ff1-ce00-000000000000', 'Office 365 Exchange Online'],
  ['00000003-0000-0ff1-ce00-000000000000', 'Office 365 SharePoint Online'],
]);

/**
 * Why `appId` cannot be given to a new application, or undefined. An appId is unique across the
 * whole cloud, not per tenant: first-party ids, any tenant's application, resource or managed
 * identity (client id), and any id a
 * grant still names (a deleted application's grants must not pass to a re-created one).
 */
export function appIdTaken(directory: Directory, appId: string): string | undefined {
  const id = appId.toLowerCase();
  const firstParty = FIRST_PARTY_APP_IDS.get(id);
  if (firstParty) return `${appId} is Microsoft's first-party application ${firstParty}`;
  for (const tenant of directory.tenants) {
    if (tenant.applications.some((a) => a.appId.toLowerCase() === id)) return `${appId} is an application of tenant ${tenant.id}`;
    if (tenant.resources.some((r) => r.appId.toLowerCase() === id)) return `${appId} is a resource of tenant ${tenant.id}`;
    if (tenant.managedIdentities.some((m) => m.clientId.toLowerCase() === id)) return `${appId} is a managed identity of tenant ${tenant.id}`;
    if (tenant.resources.some((r) => r.grants.some((g) => g.appId.toLowerCase() === id))) return `${appId} is still named by a grant in tenant ${tenant.id}`;
  }
  return undefined;
}
