import type { Request, Response } from 'express';
import { AWS_CLAIM_NOTES, ENTRA_CLAIM_NOTES } from '../../demo/claim-notes.js';
import type { ConsoleRuntime } from '../runtime.js';

/** `GET /api/overview`: what the page needs to draw its choices (no secrets, ever). */
export function overview(runtime: ConsoleRuntime, access: { tokenRequired: boolean }) {
  return (_req: Request, res: Response): void => {
    const { sources, urls } = runtime;
    const authorityHost = urls.entra?.authorityHost.replace(/\/$/, '');
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      parties: { aws: urls.aws.endpoint, entra: authorityHost ?? null, vault: urls.vault?.url ?? null },
      accounts: sources.aws.accounts.map((account) => {
        const issuer = urls.aws.issuers[account.id] ?? null;
        return {
          id: account.id,
          region: account.region,
          configuredFederation: account.outboundFederation,
          issuer,
          discoveryUrl: issuer && `${issuer}/.well-known/openid-configuration`,
          principals: account.principals.map((p) => ({ arn: p.arn, accessKeyId: p.accessKeyId, session: p.sessionToken !== null, tags: p.tags, policy: p.policy })),
        };
      }),
      tenants: (sources.entra?.tenants ?? []).map((tenant) => ({
        id: tenant.id,
        displayName: tenant.displayName ?? tenant.id,
        openidConfiguration: authorityHost && `${authorityHost}/${tenant.id}/v2.0/.well-known/openid-configuration`,
        keys: authorityHost && `${authorityHost}/${tenant.id}/discovery/v2.0/keys`,
        applications: tenant.applications.map((app) => ({
          appId: app.appId,
          displayName: app.displayName,
          servicePrincipalId: app.servicePrincipalId,
          graphAdmin: (app.secrets?.length ?? 0) > 0,
          configuredCredentials: app.federatedIdentityCredentials.length,
        })),
        resources: tenant.resources.map((r) => ({ identifierUri: r.identifierUri, appId: r.appId, grantedTo: r.grants.map((g) => g.appId) })),
      })),
      vault: urls.vault ? { url: urls.vault.url, name: sources.vault?.name, tenant: sources.vault?.tenant, secrets: (sources.vault?.secrets ?? []).map((s) => s.name) } : null,
      vaults: (urls.vaults ?? []).map((v) => {
        const source = sources.vaults?.find((s) => s.name === v.name);
        return { url: v.url, name: v.name, tenant: source?.tenant ?? null, secrets: (source?.secrets ?? []).map((s) => s.name) };
      }),
      audiences: ['api://AzureADTokenExchange', 'api:AzureADTokenExchange'],
      claimNotes: { aws: AWS_CLAIM_NOTES, entra: ENTRA_CLAIM_NOTES },
      access,
    });
  };
}
