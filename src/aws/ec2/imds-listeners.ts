import { listen } from '../../core/http/listen.js';
import type { AwsRuntime } from '../runtime.js';
import { createImdsApp } from './imds-app.js';
import { instanceSessionSource } from './instance-session.js';

/** One IMDS listener per configured EC2 instance, on aws.host (a real instance reaches 169.254.169.254). */
export async function startImdsListeners(party: AwsRuntime): Promise<{ instanceId: string; url: string; close(): Promise<void> }[]> {
  const started: { instanceId: string; url: string; close(): Promise<void> }[] = [];
  for (const account of party.config.accounts) {
    for (const instance of account.ec2Instances) {
      const app = createImdsApp(party, instance.instanceId, instanceSessionSource(party, account.id, instance));
      const listener = await listen(app, { host: party.config.host, port: instance.imdsPort });
      party.ctx.logger.info({ instanceId: instance.instanceId, imds: listener.url }, 'aws imds listening');
      started.push({ instanceId: instance.instanceId, url: listener.url, close: () => listener.close() });
    }
  }
  return started;
}
