import { loadFedlabConfig } from '../../../src/config.js';
import { startFedlab, type Fedlab } from '../../../src/start-fedlab.js';

export const ACCOUNT = '111122223333';
export const INSTANCE = 'i-0123456789abcdef0';
export const TASK = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const WORKLOAD_ROLE = 'arn:aws:iam::111122223333:role/fedlab-listener-workload';

const serviceTrust = (service: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/**
 * One fedlab with every kind of listener: AWS, Entra, vault, console, GitHub Actions, the proxy,
 * an EC2 instance's IMDS and the ECS container credentials endpoint.
 */
export function startEveryListener(): Promise<Fedlab> {
  const config = loadFedlabConfig() as any;
  const account = config.aws.accounts.find((a: { id: string }) => a.id === ACCOUNT);
  account.roles.push({ arn: WORKLOAD_ROLE, trustPolicy: { ...serviceTrust('ec2.amazonaws.com'), Statement: [...serviceTrust('ec2.amazonaws.com').Statement, ...serviceTrust('ecs-tasks.amazonaws.com').Statement] } });
  account.ec2Instances.push({ instanceId: INSTANCE, roleArn: WORKLOAD_ROLE });
  account.ecsTasks.push({ taskId: TASK, roleArn: WORKLOAD_ROLE, region: 'us-east-1' });
  return startFedlab({ ports: 'auto', config: { ...config, proxy: {} } });
}
