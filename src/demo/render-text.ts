import { styleText } from 'node:util';
import type { DemoStep } from './demo-step.js';

type Style = Parameters<typeof styleText>[0];

/** Human output: colour and symbols on a terminal, plain text when piped. */
export function createTextRenderer(colour: boolean) {
  const paint = (style: Style, text: string) => (colour ? styleText(style, text) : text);
  let index = 0;

  function claimLines(details: Record<string, unknown>): string[] {
    const explained = (details.explained ?? []) as { claim: string; value: unknown; note: string }[];
    return explained.map(({ claim, value, note }) => `     ${paint('cyan', claim)} = ${JSON.stringify(value)}${note ? paint('dim', `  — ${note}`) : ''}`);
  }

  function checkLines(details: Record<string, unknown>): string[] {
    const trace = (details.trace ?? []) as { check: string; outcome: string; code?: string; message?: string }[];
    return trace.map((r) => {
      if (r.outcome === 'passed') return `     ${paint('green', '✔')} ${r.check}`;
      if (r.outcome === 'failed') return `     ${paint('red', '✘')} ${r.check}  ${paint('red', `${r.code}: ${r.message}`)}`;
      return `     ${paint('dim', `· ${r.check} (not run)`)}`;
    });
  }

  return (step: DemoStep): string => {
    index += 1;
    const mark = step.ok ? paint('green', '✔') : paint('red', '✘');
    const lines = [`${mark} ${paint('bold', `${index}. ${step.title}`)}`, `   ${step.summary}`];
    if (step.id === 'aws-claims' || step.id === 'entra-claims') lines.push(...claimLines(step.details));
    if (step.id === 'entra-checks') lines.push(...checkLines(step.details));
    if (step.id === 'aws-token' && step.ok) lines.push(paint('dim', `     endpoint ${step.details.endpoint}`), paint('dim', `     request ${JSON.stringify(step.details.request)}`));
    if (step.error && step.id !== 'entra-checks') {
      lines.push(paint('red', `   error ${step.error.code ?? ''}: ${step.error.message}`));
    }
    if (step.hint) lines.push(paint('yellow', `   fix: ${step.hint}`));
    return lines.join('\n') + '\n';
  };
}
