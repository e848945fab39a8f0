/** One step of the walkthrough, as printed (text) or emitted (--json). */
export interface DemoStep {
  id: 'aws-token' | 'aws-claims' | 'issuer-discovery' | 'entra-exchange' | 'entra-checks' | 'entra-claims' | 'vault-secret';
  title: string;
  ok: boolean;
  summary: string;
  details: Record<string, unknown>;
  error?: { code?: string; message: string; failedCheck?: string };
  /** On failure: what to change (which credential, which setting), when fedlab knows. */
  hint?: string;
}
