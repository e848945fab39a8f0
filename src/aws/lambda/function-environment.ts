import { CheckFailure } from '../../core/checks.js';
import { ControlError } from '../../core/control/control-error.js';
import type { AwsRuntime } from '../runtime.js';
import { serviceRoleSession, type ServiceCredentials } from '../sessions/service-role-session.js';

/** A Lambda execution role session lasts as long as fedlab's instance profiles do [U: AWS's length]. */
const SESSION_SECONDS = 6 * 3600;

const sources = new WeakMap<AwsRuntime, Map<string, () => ServiceCredentials>>();

/** `arn:aws:lambda:<region>:<account>:function:<name>`: lambda:SourceFunctionArn and the token's lambda_source_function_arn. */
export const functionArn = (accountId: string, region: string, name: string) => `arn:aws:lambda:${region}:${accountId}:function:${name}`;

/**
 * The environment Lambda gives a function's runtime (the reserved variables the SDKs' default
 * credential chain reads: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION),
 * from a session of its execution role named after the function, trusted by lambda.amazonaws.com.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function functionEnvironment(party: AwsRuntime, accountId: string, name: string): Record<string, string> {
  const account = party.config.accounts.find((a) => a.id === accountId);
  const fn = account?.lambdaFunctions.find((f) => f.name === name);
  if (!account || !fn) throw new ControlError(404, 'ResourceNotFoundException', `Function not found: ${functionArn(accountId, account?.region ?? 'us-east-1', name)}`);
  const region = fn.region ?? account.region;
  let perParty = sources.get(party);
  if (!perParty) sources.set(party, (perParty = new Map()));
  const key = `${accountId}/${name}`;
  let current = perParty.get(key);
  if (!current) {
    current = serviceRoleSession(party, {
      accountId,
      roleArn: fn.roleArn,
      service: 'lambda.amazonaws.com',
      sessionName: name,
      durationSeconds: SESSION_SECONDS,
      region,
      context: { lambdaSourceFunctionArn: functionArn(accountId, region, name) },
      announce: { type: 'function-credentials-issued', functionName: name },
    });
    perParty.set(key, current);
  }
  let c: ServiceCredentials;
  try {
    c = current();
  } catch (error) {
    if (error instanceof CheckFailure) throw new ControlError(error.status, error.code, error.message);
    throw error;
  }
  return {
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    AWS_SESSION_TOKEN: c.sessionToken,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: name,
  };
}
