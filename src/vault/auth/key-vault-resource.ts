/** The resource a Key Vault token is for: v1 tokens name its URI, v2 tokens its application id. */
export const KEY_VAULT_RESOURCE = 'https://vault.azure.net';
export const KEY_VAULT_APP_ID = 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093';
export const KEY_VAULT_AUDIENCES: readonly string[] = [KEY_VAULT_RESOURCE, KEY_VAULT_APP_ID];
