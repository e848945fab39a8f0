import { Agent, fetch } from 'undici';
import type { Target } from './target.js';

/**
 * One request before the load: proves the target answers with the success it should (and, for
 * https, that fedlab's certificate verifies against its CA — autocannon itself never verifies).
 * Returns the problem, or undefined.
 */
export async function probe(target: Target): Promise<string | undefined> {
  const { url, headers, body, currentHeaders, ca } = target.request;
  const dispatcher = new Agent({ connect: ca ? { ca } : {} });
  try {
    const response = await fetch(url, { method: 'POST', headers: currentHeaders?.() ?? headers, body, dispatcher });
    return target.checkResponse(response.status, await response.text());
  } catch (error) {
    return `request failed: ${(error as Error).message}${(error as Error).cause ? ` (${String((error as Error).cause)})` : ''}`;
  } finally {
    await dispatcher.close();
  }
}
