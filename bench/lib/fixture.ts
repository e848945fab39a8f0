/** The identities every benchmark uses (all from fixtures/fedlab.yaml, the embedded default config). */
export const PRINCIPAL_ARN = 'arn:aws:iam::111122223333:role/fedlab-workload';
export const ASSERTION_AUDIENCE = 'api://AzureADTokenExchange';
export const TENANT_ID = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
export const CLIENT_ID = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
export const SCOPE = 'https://vault.azure.net/.default';
/** AWS tokens live 60–3600 s; the longest keeps one assertion valid for a whole run. */
export const ASSERTION_LIFETIME_SECONDS = 3600;

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

export type SubjectAlgorithm = 'RS256' | 'ES384';
