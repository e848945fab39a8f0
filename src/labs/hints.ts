import type { FedlabEvent } from '../core/events.js';
import type { Activity } from './activity.js';
import type { Step } from './definition.js';
import { factOf } from './facts.js';
import { matches } from './match.js';
import { render, type TemplateValues } from './template.js';

/** The refusal that stands for "you tried, and this is why it did not work", per goal event type. */
const REJECTION_OF: Record<string, { type: string; party?: string; what: string }> = {
  'token-minted': { type: 'sts-rejected', what: 'GetWebIdentityToken call was refused' },
  'federation-enabled': { type: 'iam-rejected', what: 'IAM call was refused' },
  'federation-disabled': { type: 'iam-rejected', what: 'IAM call was refused' },
  'exchange-accepted': { type: 'exchange-rejected', what: 'exchange failed' },
  'secret-read': { type: 'request-rejected', party: 'vault', what: 'Key Vault request was refused' },
};

/** Entra's message of the failed check, without the trace and correlation ids that follow. */
function failedMessage(event: FedlabEvent): string | undefined {
  const trace = event.trace as { outcome: string; message?: string }[] | undefined;
  const message = trace?.find((record) => record.outcome === 'failed')?.message ?? (event.message as string | undefined);
  return message?.split(/\s+Trace ID:/)[0]?.trim();
}

function rejectionHint(event: FedlabEvent, what: string): string {
  const code = event.type === 'exchange-rejected' ? `AADSTS${String(event.code)}` : String(event.code ?? '');
  const message = failedMessage(event);
  const shown = message && !message.startsWith(code) ? `${code}: ${message}` : (message ?? code);
  const detail = typeof event.detail === 'string' ? ` (${event.detail})` : '';
  const action = typeof event.action === 'string' ? ` (${event.action})` : '';
  return `your last ${what}${action} at the ${String(event.failedCheck)} check: ${shown}${detail}`;
}

const show = (value: unknown) => (value === undefined ? 'absent' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Why the attendee's attempts do not meet a step yet, from what fedlab saw since the reset:
 * the most recent related refusal, or what the most recent event of the right type got wrong.
 */
export function observedHint(step: Step, activities: readonly Activity[], vars: TemplateValues): string | undefined {
  const rejection = REJECTION_OF[step.event];
  for (let i = activities.length - 1; i >= 0; i--) {
    const { event, credential } = activities[i]!;
    // A bearer challenge (no token yet) is how every Key Vault client starts: not a failed attempt.
    const handshake = event.failedCheck === 'token-present';
    if (rejection && event.type === rejection.type && (!rejection.party || event.party === rejection.party) && !handshake) return rejectionHint(event, rejection.what);
    if (event.type !== step.event) continue;
    const wrong = Object.entries(step.where)
      .filter(([name, matcher]) => !matches(factOf(event, name), matcher, vars))
      .map(([name, matcher]) => `${name} is ${show(factOf(event, name))} (expected ${typeof matcher === 'string' ? render(matcher, vars) : JSON.stringify(matcher)})`);
    if (step.fic?.hasClaimsExpression !== undefined && credential && credential.hasClaimsExpression !== step.fic.hasClaimsExpression) {
      wrong.push(`the federated credential ${String(event.credential)} ${credential.hasClaimsExpression ? 'has' : 'has no'} claims expression`);
    }
    if (wrong.length > 0) return `your most recent ${step.event} event does not fit yet: ${wrong.join('; ')}`;
  }
  return undefined;
}
