import type { AwsFaultSpec, AwsFaultSpecInput, AwsParty } from './aws/index.js';
import { clockView, setClockOffset } from './core/control/endpoints/clock.js';
import type { Fault, FaultSpecBase } from './core/control/fault-registry.js';
import type { PartyContext } from './core/party-context.js';
import { parseEntraFaultSpec, type EntraFaultSpec, type EntraFaultSpecInput, type EntraParty } from './entra/index.js';

export type PartyName = 'aws' | 'entra' | 'vault';

export interface ClockState {
  offsetSeconds: number;
  now: string;
}

/** Faults of every listener, by party: what `/_fedlab/faults` does on each, in-process. */
export interface FaultControl {
  inject(party: 'aws', spec: AwsFaultSpecInput): Fault<AwsFaultSpec>;
  inject(party: 'entra', spec: EntraFaultSpecInput): Fault<EntraFaultSpec>;
  /** One party's faults, or every party's. */
  list(party?: PartyName): Fault<FaultSpecBase>[];
  /** One fault by id, or every fault of the party (or of every party). */
  clear(party?: PartyName, id?: string): void;
}

export interface RuntimeControl {
  faults: FaultControl;
  /** Shift one party's "now" (seconds, may be negative); the machine's clock is never touched. */
  setClockOffset(party: PartyName, offsetSeconds: number): ClockState;
  clock(party: PartyName): ClockState;
}

interface Parties {
  aws: AwsParty;
  entra?: EntraParty;
  contexts: Partial<Record<PartyName, PartyContext>>;
}

/** The composition root's handle on every party's runtime control (parties never see each other). */
export function createRuntimeControl({ aws, entra, contexts }: Parties): RuntimeControl {
  const registries = () => [aws.faults, ...(entra ? [entra.faults] : [])];
  const contextOf = (party: PartyName): PartyContext => {
    const ctx = contexts[party];
    if (!ctx) throw new Error(`this fedlab runs no ${party}`);
    return ctx;
  };
  const entraParty = () => {
    if (!entra) throw new Error('this fedlab runs no entra');
    return entra;
  };

  const faults: FaultControl = {
    inject: ((party: PartyName, spec: unknown) => {
      if (party === 'aws') return aws.faults.inject(aws.parseFaultSpec(spec as AwsFaultSpecInput));
      if (party === 'entra') return entraParty().faults.inject(parseEntraFaultSpec(spec));
      throw new Error(`${party} has no fault kinds`);
    }) as FaultControl['inject'],
    list: (party) => registries().filter((r) => !party || r.party === party).flatMap((r) => r.list() as Fault<FaultSpecBase>[]),
    clear(party, id) {
      for (const registry of registries().filter((r) => !party || r.party === party)) {
        if (id === undefined) registry.clearAll();
        else registry.clear(id);
      }
    },
  };

  return {
    faults,
    setClockOffset: (party, offsetSeconds) => setClockOffset({ party, ctx: contextOf(party) }, offsetSeconds),
    clock: (party) => clockView(contextOf(party).clock),
  };
}
