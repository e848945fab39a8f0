/** The clouds' own host names, as production configuration names them (served through fedlab's proxy). */
export const ISSUER_HOST_SUFFIX = '.tokens.sts.global.api.aws';
export const MICROSOFT_LOGIN_HOST = 'login.microsoftonline.com';
export const VAULT_HOST_SUFFIX = '.vault.azure.net';
/** GitHub Actions' OIDC issuer: https://token.actions.githubusercontent.com */
export const GITHUB_ACTIONS_HOST = 'token.actions.githubusercontent.com';

/** `https://<issuer id>.tokens.sts.global.api.aws`: the issuer string of a real AWS account. */
export const realIssuerUrl = (issuerId: string) => `https://${issuerId}${ISSUER_HOST_SUFFIX}`;
export const realVaultUrl = (name: string) => `https://${name.toLowerCase()}${VAULT_HOST_SUFFIX}`;
