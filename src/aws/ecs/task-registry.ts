import { randomBytes, randomUUID } from 'node:crypto';
import { ControlError } from '../../core/control/control-error.js';
import type { AwsConfig, EcsTaskConfig } from '../config.js';
import type { AwsRuntime } from '../runtime.js';
import type { ServiceCredentials } from '../sessions/service-role-session.js';
import { taskRegion, taskSession } from './task-session.js';

export interface EcsTaskEntry {
  accountId: string;
  task: EcsTaskConfig;
  /** The credentials path's id (`/v2/credentials/<id>`), as the ECS agent gives each task one. */
  credentialsId: string;
  /** What the SDKs send as `Authorization` (AWS_CONTAINER_AUTHORIZATION_TOKEN). */
  authorizationToken: string;
  credentials(party: AwsRuntime): ServiceCredentials;
}

export interface EcsTaskRegistry {
  byCredentialsId(id: string): EcsTaskEntry | undefined;
  /** Once the container credentials endpoint listens. */
  setEndpoint(url: string): void;
  /** Task id → AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  fullUris(): Record<string, string>;
  /** The variables ECS gives the task's containers: the full URI, its authorization token, the region. */
  environment(party: AwsRuntime, accountId: string, taskId: string): Record<string, string>;
}

/** Every configured task with a fresh credentials id and token (new at each start, as a task's are per run). */
export function createEcsTaskRegistry(config: AwsConfig): EcsTaskRegistry {
  const entries = config.accounts.flatMap((account) =>
    account.ecsTasks.map((task): EcsTaskEntry => {
      let source: (() => ServiceCredentials) | undefined;
      return {
        accountId: account.id,
        task,
        credentialsId: randomUUID(),
        authorizationToken: randomBytes(32).toString('base64url'),
        credentials: (party) => (source ??= taskSession(party, account.id, task))(),
      };
    }),
  );
  let endpoint: string | undefined;
  const fullUri = (entry: EcsTaskEntry) => `${endpoint}/v2/credentials/${entry.credentialsId}`;
  return {
    byCredentialsId: (id) => entries.find((e) => e.credentialsId === id),
    setEndpoint(url) {
      endpoint = url;
    },
    fullUris: () => (endpoint ? Object.fromEntries(entries.map((e) => [e.task.taskId, fullUri(e)])) : {}),
    environment(party, accountId, taskId) {
      const entry = entries.find((e) => e.accountId === accountId && e.task.taskId === taskId);
      if (!entry || !endpoint) throw new ControlError(404, 'InvalidParameterException', `The referenced task was not found: ${taskId} in account ${accountId}.`);
      const region = taskRegion(party, accountId, entry.task);
      return {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: fullUri(entry),
        AWS_CONTAINER_AUTHORIZATION_TOKEN: entry.authorizationToken,
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
      };
    },
  };
}
