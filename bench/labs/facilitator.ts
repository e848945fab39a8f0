import { Agent, fetch } from 'undici';
import type { CoursePlan } from './course-plan.js';
import { awsBlocks } from './page-script.js';
import { runAwsBlock, type BlockTarget } from './run-aws-block.js';

/**
 * The facilitator of a room in lockstep: a step that is done once for everyone (move the shared
 * clock, attach the room's SCP from the management account) waits until every attendee still in
 * the course has reached it, runs once, then lets them all go on.
 */
export interface Facilitator {
  /** Waits at `step` until the facilitator has done it for the room. */
  at(step: string): Promise<void>;
  /** An attendee who stopped (an error): no step waits for them any more. */
  leave(): void;
}

export function roomFacilitator(attendees: number, doStep: (step: string) => Promise<void>): Facilitator {
  let present = attendees;
  const waiting = new Map<string, { arrived: number; done: Promise<void>; release: (error?: Error) => void }>();
  const ready = (step: string) => {
    const w = waiting.get(step);
    if (!w || w.arrived < present) return;
    waiting.delete(step);
    doStep(step).then(() => w.release(), (error: Error) => w.release(new Error(`facilitator's step ${step} failed: ${error.message}`)));
  };
  return {
    at(step) {
      let w = waiting.get(step);
      if (!w) {
        let release!: (error?: Error) => void;
        const done = new Promise<void>((resolve, reject) => (release = (error) => (error ? reject(error) : resolve())));
        w = { arrived: 0, done, release };
        waiting.set(step, w);
      }
      w.arrived++;
      const { done } = w;
      ready(step);
      return done;
    },
    leave() {
      present--;
      for (const step of [...waiting.keys()]) ready(step);
    },
  };
}

/** The steps of the federation-101 course that the facilitator does for the room. */
export function courseFacilitatorSteps(options: { plan: CoursePlan; awsEndpoint: string; authorityHost: string; ca: string; timed?: BlockTarget['timed'] }): (step: string) => Promise<void> {
  const { plan, ca } = options;
  const timed = options.timed ?? ((_step, work) => work());
  return async (step) => {
    if (step === CLOCK_FORWARD) return putClock(options.authorityHost, ca, 900);
    if (step === CLOCK_BACK) return putClock(options.authorityHost, ca, 0);
    const [exerciseId, index] = step.split('#');
    const exercise = plan.exercises.find((e) => e.id === exerciseId);
    const block = exercise && awsBlocks(exercise.page)[Number(index)];
    if (!block) throw new Error(`no such facilitator's step: ${step}`);
    const keys = plan.pageKeys.get(block.accessKeyId ?? '');
    if (!keys) throw new Error(`${step}: the block exports keys that the lab configuration does not have`);
    await runAwsBlock(block, { endpoint: options.awsEndpoint, region: 'us-east-1', credentials: keys, timed, who: 'facilitator' });
  };
}

/** Exercise 6's expired token: the room's clock moves once for everyone (the page: "the facilitator does this one"). */
export const CLOCK_FORWARD = 'clock-forward';
export const CLOCK_BACK = 'clock-back';

/** The facilitator's step name of a page block (`least-privilege#2`). */
export const facilitatorBlock = (exerciseId: string, index: number) => `${exerciseId}#${index}`;

async function putClock(authorityHost: string, ca: string, offsetSeconds: number): Promise<void> {
  const dispatcher = new Agent({ connect: { ca } });
  try {
    const response = await fetch(`${authorityHost}/_fedlab/clock`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ offsetSeconds }), dispatcher });
    if (response.status !== 200) throw new Error(`PUT /_fedlab/clock answered ${response.status}`);
    if (offsetSeconds === 0) {
      // Entra's key cache remembers fetch times on the moved clock: let it start afresh.
      await fetch(`${authorityHost}/_fedlab/issuer-keys`, { method: 'DELETE', dispatcher });
    }
  } finally {
    await dispatcher.close();
  }
}
