import { fileURLToPath } from 'node:url';
import { loadCoursePlan } from '../../bench/labs/course-plan.js';
import { measureRoom } from '../../bench/labs/room.js';

/**
 * The bench's course driver (`npm run bench:labs`) follows the lab as written: one attendee in a
 * `fedlab start --attendees 1` room (built CLI, `npm run build` first) does every exercise of
 * labs/federation-101.lab.yaml and ticks every goal. A lab change the driver does not follow
 * fails here, not in the bench.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('one attendee finishes the whole course; an exercise the driver has no steps for stops it, named', async () => {
  const plan = loadCoursePlan(ROOT);
  expect(plan.exercises.map((e) => e.id)).toContain('least-privilege');
  // After the real course, an exercise that fedlab does not know and the driver has no steps for.
  const extra = { n: plan.exercises.length + 1, id: 'not-in-the-driver', page: '# nothing to run\n', goals: ['anything'] };
  const room = await measureRoom(1, { plan: { ...plan, exercises: [...plan.exercises, extra] } });

  // Every goal of the served course ticked (fedlab's own overview of the room) ...
  expect(room.allDone).toBe(1);
  // ... and the driver stopped only at the unknown exercise, saying which.
  expect(room.errors).toEqual([`a01: exercise ${extra.n} (not-in-the-driver) is in the course, but bench/labs/course-driver.ts has no steps for it`]);
  const calls = new Map(room.steps.map((s) => [s.step, s.count]));
  // The page's own blocks ran: lab-iam-admin's IAM calls, and the facilitator's SCP for the room.
  expect(calls.get('iam:PutRolePolicy')).toBe(1);
  expect(calls.get('facilitator organizations:AttachPolicy')).toBe(1);
}, 180_000);
