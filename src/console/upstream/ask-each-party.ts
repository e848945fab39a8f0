import { ConsoleError } from '../http/console-error.js';
import { PARTIES, partyBaseUrl, type ConsoleRuntime, type PartyName } from '../runtime.js';

export type PartyUnavailable = { party: PartyName; unavailable: string };

/** Ask every running party at once; one that cannot answer is named with its reason instead of failing the whole answer. */
export function askEachParty<T>(runtime: ConsoleRuntime, ask: (party: PartyName) => Promise<T>): Promise<(T | PartyUnavailable)[]> {
  return Promise.all(
    PARTIES.filter((party) => partyBaseUrl(runtime, party)).map(async (party) => {
      try {
        return await ask(party);
      } catch (error) {
        if (error instanceof ConsoleError) return { party, unavailable: error.message };
        throw error;
      }
    }),
  );
}
