import { listen, type Listener } from '../../core/http/listen.js';
import type { AwsRuntime } from '../runtime.js';
import { createContainerCredentialsApp } from './credentials-app.js';
import type { EcsTaskRegistry } from './task-registry.js';

/** The container credentials endpoint on aws.host (a task reaches 169.254.170.2), when any account has ECS tasks. */
export async function startContainerCredentials(party: AwsRuntime, tasks: EcsTaskRegistry): Promise<Listener | undefined> {
  if (!party.config.accounts.some((a) => a.ecsTasks.length > 0)) return undefined;
  const listener = await listen(createContainerCredentialsApp(party, tasks), { host: party.config.host, port: party.config.containerCredentialsPort });
  tasks.setEndpoint(listener.url);
  party.ctx.logger.info({ endpoint: listener.url }, 'aws container credentials listening');
  return listener;
}
