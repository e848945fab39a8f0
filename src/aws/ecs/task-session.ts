import type { EcsTaskConfig } from '../config.js';
import type { AwsRuntime } from '../runtime.js';
import { serviceRoleSession, type ServiceCredentials } from '../sessions/service-role-session.js';

/** Task role credentials last six hours here as instance profiles do [U: the ECS agent's cadence]. */
const SESSION_SECONDS = 6 * 3600;

/** `arn:aws:ecs:<region>:<account>:task/<cluster>/<task id>`. */
export const taskArn = (accountId: string, region: string, task: EcsTaskConfig) => `arn:aws:ecs:${region}:${accountId}:task/${task.cluster}/${task.taskId}`;

export const taskRegion = (party: AwsRuntime, accountId: string, task: EcsTaskConfig) => task.region ?? party.directory.byId(accountId)!.config.region;

/**
 * The task role's session, as ECS opens it: trusted by `ecs-tasks.amazonaws.com`, named after the
 * task id, with aws:SourceArn (the task) and aws:SourceAccount for the trust policy's
 * confused-deputy conditions. No ECS-specific claim is known in AWS's tokens, so the session
 * carries no delivery context.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
 */
export function taskSession(party: AwsRuntime, accountId: string, task: EcsTaskConfig): () => ServiceCredentials {
  const region = taskRegion(party, accountId, task);
  return serviceRoleSession(party, {
    accountId,
    roleArn: task.roleArn,
    service: 'ecs-tasks.amazonaws.com',
    sessionName: task.taskId,
    durationSeconds: SESSION_SECONDS,
    region,
    trustContext: { 'aws:SourceArn': taskArn(accountId, region, task), 'aws:SourceAccount': accountId },
    context: {},
    announce: { type: 'task-credentials-issued', taskArn: taskArn(accountId, region, task) },
  });
}
