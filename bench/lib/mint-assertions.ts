import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ASSERTION_AUDIENCE, ASSERTION_LIFETIME_SECONDS, type SubjectAlgorithm } from './fixture.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * AWS web identity tokens from fedlab's STS through the real SDK, one per algorithm, living an
 * hour: one token serves as the assertion for a whole run (as MSAL reuses an assertion).
 */
export async function mintAssertions(endpoint: string, credentials: AwsCredentials): Promise<Record<SubjectAlgorithm, string>> {
  // The SDK's "Node 20 support ends in 2027" notice would only clutter the benchmark's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sts = new STSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const mint = async (algorithm: SubjectAlgorithm) => {
    const command = new GetWebIdentityTokenCommand({ Audience: [ASSERTION_AUDIENCE], SigningAlgorithm: algorithm, DurationSeconds: ASSERTION_LIFETIME_SECONDS });
    const { WebIdentityToken } = await sts.send(command);
    if (!WebIdentityToken) throw new Error(`fedlab STS returned no ${algorithm} token`);
    return WebIdentityToken;
  };
  try {
    return { RS256: await mint('RS256'), ES384: await mint('ES384') };
  } finally {
    sts.destroy();
  }
}
