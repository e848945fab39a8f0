import { fileURLToPath } from 'node:url';
import { courseDriver, type Handout, type Timings } from '../../../bench/labs/course-driver.js';
import { loadCoursePlan } from '../../../bench/labs/course-plan.js';
import { courseFacilitatorSteps, roomFacilitator } from '../../../bench/labs/facilitator.js';
import type { EventInput, FedlabEvent } from '../../../src/core/events.js';
import type { Attendee } from '../../../src/labs/attendee.js';
import { attendeeHandouts } from '../../../src/labs/attendees-file.js';
import { startFedlab, type Fedlab } from '../../../src/start-fedlab.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface CourseRun {
  fedlab: Fedlab;
  /** The one person of the lab configuration (`default`). */
  attendee: Attendee;
  issuer: string;
  /** Every event the parties published while the course ran (without id, time, origin and trace). */
  events: EventInput[];
}

/**
 * The events the parties really emit during the course: a lab fedlab (labs/fedlab-lab.yaml, in this
 * process) and the bench's course driver doing every exercise as the lab's one person.
 */
export async function runCourseCapturingEvents(): Promise<CourseRun> {
  // With the proxy, as a room runs the course (exercise 10 uses the clouds' real names).
  const fedlab = await startFedlab({ configFile: `${ROOT}/labs/fedlab-lab.yaml`, ports: 'auto', proxy: { port: 0 } });
  const events: EventInput[] = [];
  const unsubscribe = fedlab.events.subscribe((event: FedlabEvent) => {
    const { id: _id, time: _time, origin: _origin, trace: _trace, ...rest } = event;
    events.push(structuredClone(rest) as EventInput);
  });
  const attendee = fedlab.labs!.service.attendees[0]!;
  const handout = attendeeHandouts([attendee], fedlab.urls)[0]! as unknown as Handout;
  const plan = loadCoursePlan(ROOT);
  const facilitator = roomFacilitator(1, courseFacilitatorSteps({ plan, awsEndpoint: fedlab.urls.aws.endpoint, authorityHost: fedlab.entraAuthorityHost!, ca: fedlab.ca }));
  const driver = courseDriver(handout, fedlab.ca, new Map() as Timings, plan, facilitator, fedlab.urls.proxy!.url);
  try {
    await driver.runCourse();
  } finally {
    driver.close();
    unsubscribe();
  }
  return { fedlab, attendee, issuer: fedlab.urls.aws.issuers[attendee.accountId]!, events };
}
