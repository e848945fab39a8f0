import { createProxyAgent, createProxyFetch, createTrustingFetch } from '../client/trust.js';
import type { DemoContext, DemoInputs } from './demo-context.js';
import type { DemoStep } from './demo-step.js';
import { withFixHint } from './fix-hints.js';
import { mintAwsToken } from './steps/mint-aws-token.js';
import { explainAwsClaims } from './steps/explain-aws-claims.js';
import { discoverIssuer } from './steps/discover-issuer.js';
import { exchangeAtEntra } from './steps/exchange-at-entra.js';
import { showEntraChecks } from './steps/show-entra-checks.js';
import { explainEntraClaims } from './steps/explain-entra-claims.js';
import { readVaultSecret } from './steps/read-vault-secret.js';

type StepFn = (ctx: DemoContext) => Promise<DemoStep>;

/**
 * The walkthrough, step by step. A failing step ends it, except that after a refused exchange
 * the fake Entra's checks are still shown: they say which check failed and why. A failed step
 * carries a hint on what to change when fedlab knows it (fix-hints.ts).
 */
export async function* runDemo(inputs: DemoInputs): AsyncGenerator<DemoStep> {
  const listenerFetch = createTrustingFetch(inputs.caPem);
  const proxied = inputs.proxyUrl ? { fetch: createProxyFetch(inputs.proxyUrl, inputs.caPem), httpsAgent: createProxyAgent(inputs.proxyUrl, inputs.caPem) } : { fetch: listenerFetch };
  const ctx: DemoContext = { inputs, listenerFetch, ...proxied };
  try {
    yield* runSteps(ctx);
  } finally {
    ctx.httpsAgent?.destroy();
  }
}

async function* runSteps(ctx: DemoContext): AsyncGenerator<DemoStep> {
  const { inputs } = ctx;
  const plan: StepFn[] = [mintAwsToken, explainAwsClaims, discoverIssuer, exchangeAtEntra, showEntraChecks, explainEntraClaims];
  if (inputs.vaultUrl) plan.push(readVaultSecret);
  for (const step of plan) {
    const result = withFixHint(await step(ctx), inputs);
    yield result;
    if (result.ok) continue;
    if (result.id === 'entra-exchange') yield await showEntraChecks(ctx);
    return;
  }
}
