/**
 * What the test files use: the urls of the suite's fedlab (from FEDLAB_URLS_FILE) and clients bound
 * to it. The identifiers are those of fedlab's embedded default configuration (fixtures/fedlab.yaml).
 */
import { readFileSync } from 'node:fs';
import type { STSClient } from '@aws-sdk/client-sts';
import { SecretClient } from '@azure/keyvault-secrets';
import { azureTlsOptions, createAssertionCredential, createStsClient, mintWebIdentityToken, type FedlabUrls } from 'fedlab';

export const TENANT_ID = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
export const CLIENT_ID = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
export const WORKLOAD_ROLE = 'arn:aws:iam::111122223333:role/fedlab-workload';
const WORKLOAD_KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** Shared by global-setup.ts and global-teardown.ts through globalThis. */
export interface SuiteFedlab {
  suiteFedlab?: { fedlab: { close(): Promise<void> }; dir: string };
}

export function suiteUrls(): FedlabUrls {
  const file = process.env.FEDLAB_URLS_FILE;
  if (!file) throw new Error('FEDLAB_URLS_FILE is not set: run these tests with examples/global-setup/jest.config.js');
  return JSON.parse(readFileSync(file, 'utf8')) as FedlabUrls;
}

/** The real STSClient, signed with the workload role's keys. Call destroy() when done. */
export function suiteStsClient(urls = suiteUrls()): STSClient {
  return createStsClient({ endpoint: urls.aws.endpoint, credentials: WORKLOAD_KEYS, region: 'us-east-1' });
}

/** SecretClient on the suite's vault, authenticated with an AWS token exchanged at the fake Entra. */
export function suiteSecretClient(sts: STSClient, urls = suiteUrls()): SecretClient {
  const ca = readFileSync(urls.ca, 'utf8');
  const credential = createAssertionCredential({
    authorityHost: urls.entra!.authorityHost,
    tenantId: TENANT_ID,
    clientId: CLIENT_ID,
    ca,
    getAssertion: () => mintWebIdentityToken(sts),
  });
  return new SecretClient(urls.vault!.url, credential, { ...azureTlsOptions(ca), disableChallengeResourceVerification: true });
}
