import type { Response } from 'express';

/** A refusal in Key Vault's wire format: `{"error":{"code","message","innererror"?}}`. */
export class KeyVaultError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
  ) {
    super(message);
    this.name = 'KeyVaultError';
  }
}

export function sendKeyVaultError(res: Response, error: KeyVaultError): void {
  res.status(error.status).json({
    error: { code: error.code, message: error.message, ...(error.innerCode ? { innererror: { code: error.innerCode } } : {}) },
  });
}

export const badParameter = (message: string) => new KeyVaultError(400, 'BadParameter', message);

export const invalidName = (name: string) => badParameter(`The request URI contains an invalid name: ${name}`);

export const secretNotFound = (nameOrId: string) =>
  new KeyVaultError(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${nameOrId} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`,
  );

export const deletedSecretNotFound = (name: string) => new KeyVaultError(404, 'SecretNotFound', `Deleted Secret not found: ${name}`);

export const secretDisabled = (operation: string) =>
  new KeyVaultError(403, 'Forbidden', `Operation ${operation} is not allowed on a disabled secret.`, 'SecretDisabled');

export const deletedButRecoverable = (name: string) =>
  new KeyVaultError(
    409,
    'Conflict',
    `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.`,
    'ObjectIsDeletedButRecoverable',
  );

/** A fedlab bound on the vault's contents (vault.maxSecrets, vault.maxStoredBytes); Key Vault documents none. */
export const vaultQuotaExceeded = (message: string) => new KeyVaultError(403, 'Forbidden', message, 'QuotaExceeded');
