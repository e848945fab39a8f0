import { startFedlab } from 'fedlab';
import { PRINCIPAL_ARN } from '../lib/fixture.js';
import { serveInChild } from '../lib/serve-in-child.js';

export interface FedlabServerInfo {
  awsEndpoint: string;
  /** Absent while fedlab has no Entra party. */
  entraAuthorityHost?: string;
  caPem: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** fedlab as a user runs it in tests: `startFedlab({ ports: 'auto' })`, no state dir. */
await serveInChild<FedlabServerInfo>(async () => {
  const fedlab = await startFedlab({ ports: 'auto' });
  // Read through a plain shape: the benchmark also runs against a fedlab without Entra.
  const urls: { aws: unknown; entra?: { authorityHost?: string } } = fedlab.urls;
  return {
    info: {
      awsEndpoint: fedlab.urls.aws.endpoint,
      ...(urls.entra?.authorityHost ? { entraAuthorityHost: urls.entra.authorityHost } : {}),
      caPem: fedlab.ca,
      credentials: fedlab.awsCredentials(PRINCIPAL_ARN),
    },
    close: () => fedlab.close(),
  };
});
