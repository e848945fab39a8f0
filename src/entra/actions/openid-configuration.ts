import type { Request, Response } from 'express';
import type { Tenant } from '../directory/directory.js';
import type { PublicBase } from '../http/known-hosts.js';
import { v1Issuer, v2Issuer } from '../issuers.js';

/** Entra's discovery answers may be cached for a day. */
export function discoveryHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'max-age=86400, private');
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, OPTIONS');
}

const CLOUD = {
  tenant_region_scope: 'NA',
  cloud_instance_name: 'microsoftonline.com',
  cloud_graph_host_name: 'graph.windows.net',
  msgraph_host: 'graph.microsoft.com',
  rbac_url: 'https://pas.windows.net',
};

/**
 * `GET /{tenant}/v2.0/.well-known/openid-configuration`: the members real Entra publishes, on the
 * host the client used (msal-node >= 5.3 requires the issuer on the authority's host). `{tid}` is
 * the tenant GUID even when the path named a domain.
 */
export function openidConfigurationV2(_req: Request, res: Response): void {
  const tenant = res.locals.tenant as Tenant;
  const at = `${(res.locals.base as PublicBase).url}/${tenant.id}`;
  discoveryHeaders(res);
  res.json({
    token_endpoint: `${at}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${at}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2Issuer((res.locals.base as PublicBase).url, tenant.id),
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${at}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${at}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${at}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${at}/kerberos`,
    ...CLOUD,
  });
}

/** `GET /{tenant}/.well-known/openid-configuration`: the v1 document (sts.windows.net issuer, no /v2.0). */
export function openidConfigurationV1(_req: Request, res: Response): void {
  const tenant = res.locals.tenant as Tenant;
  const at = `${(res.locals.base as PublicBase).url}/${tenant.id}`;
  discoveryHeaders(res);
  res.json({
    token_endpoint: `${at}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${at}/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: v1Issuer(tenant.id),
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${at}/oauth2/authorize`,
    device_authorization_endpoint: `${at}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${at}/oauth2/logout`,
    claims_supported: ['sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
    check_session_iframe: `${at}/oauth2/checksession`,
    userinfo_endpoint: `${at}/openid/userinfo`,
    kerberos_endpoint: `${at}/kerberos`,
    ...CLOUD,
  });
}
