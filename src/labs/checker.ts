import type { Activity } from './activity.js';
import { isAnswerGoal, isSequenceGoal, type AnswerGoal, type Exercise, type Goal, type Step } from './definition.js';
import { factOf } from './facts.js';
import { observedHint } from './hints.js';
import type { LoadedLab } from './load-lab.js';
import { matches } from './match.js';
import type { ExerciseProgress, ProgressStore } from './progress.js';
import { expand, render, type TemplateValues } from './template.js';

export interface GoalStatus {
  id: string;
  description: string;
  done: boolean;
  hint: string | null;
}

export interface ExerciseStatus {
  /** 1-based: what `fedlab lab reset N` takes. */
  n: number;
  id: string;
  title: string;
  done: boolean;
  /** The first open goal's hint; null when done. */
  hint: string | null;
  goals: GoalStatus[];
}

export interface LabStatus {
  id: string;
  title: string;
  exercises: ExerciseStatus[];
}

type Assertion = { iss?: unknown; sub?: unknown; aud?: unknown; jti?: unknown; kid?: unknown; verified?: unknown };

const sameAudience = (aud: unknown, audiences: unknown) =>
  Array.isArray(audiences) && (typeof aud === 'string' ? audiences.length === 1 && audiences[0] === aud : Array.isArray(aud) && aud.length === audiences.length && aud.every((a, i) => a === audiences[i]));

/** The exchange presented a token that one of the attendee's earlier token-minted events describes. */
function mintedEarlier(assertion: Assertion | undefined, activities: readonly Activity[], before: number): boolean {
  if (!assertion || typeof assertion.jti !== 'string') return false;
  for (let i = before - 1; i >= 0; i--) {
    const { event } = activities[i]!;
    if (event.type === 'token-minted' && event.jti === assertion.jti) return event.principal === assertion.sub && sameAudience(assertion.aud, event.audiences);
  }
  return false;
}

/** The exchange presented a token signed with a key that an earlier keys-rotated event of the attendee introduced. */
function signedByRotatedKey(assertion: Assertion | undefined, activities: readonly Activity[], before: number): boolean {
  const kid = assertion?.kid;
  if (typeof kid !== 'string') return false;
  for (let i = before - 1; i >= 0; i--) {
    const { event } = activities[i]!;
    if (event.type === 'keys-rotated' && Array.isArray(event.kids) && event.kids.includes(kid)) return true;
  }
  return false;
}

/** Whether activities[i] meets the step (`minted` looks at the activities before it). */
function fits(step: Step, activities: readonly Activity[], i: number, vars: TemplateValues): boolean {
  const activity = activities[i]!;
  const { event } = activity;
  if (event.type !== step.event || activity.byReset) return false;
  if (!Object.entries(step.where).every(([name, matcher]) => matches(factOf(event, name), matcher, vars))) return false;
  if (step.fic?.hasClaimsExpression !== undefined && activity.credential?.hasClaimsExpression !== step.fic.hasClaimsExpression) return false;
  const assertion = event.assertion as Assertion | undefined;
  if (step.verified !== undefined && (assertion?.verified === true) !== step.verified) return false;
  if (step.minted !== undefined && mintedEarlier(assertion, activities, i) !== step.minted) return false;
  if (step.newKey !== undefined && signedByRotatedKey(assertion, activities, i) !== step.newKey) return false;
  return true;
}

/** How many steps of a sequence the activities meet, in order (an event serves one step). */
function stepsMet(steps: readonly Step[], activities: readonly Activity[], vars: TemplateValues): number {
  let met = 0;
  for (let i = 0; i < activities.length && met < steps.length; i++) {
    if (fits(steps[met]!, activities, i, vars)) met++;
  }
  return met;
}

function answerIsRight(goal: AnswerGoal, given: string | undefined, vars: TemplateValues): boolean {
  if (given === undefined) return false;
  const normalise = (s: string) => (goal.answer.caseSensitive ? s.trim() : s.trim().toLowerCase());
  return expand(goal.answer.expected, vars).some((expected) => normalise(expected) === normalise(given));
}

function evaluateGoal(goal: Goal, activities: readonly Activity[], progress: ExerciseProgress, vars: TemplateValues): { done: boolean; hint: string | undefined } {
  if (isAnswerGoal(goal)) {
    const given = progress.answers[goal.id];
    const done = answerIsRight(goal, given, vars);
    return { done, hint: given !== undefined && !done ? `the answer "${given}" is not right yet (${goal.answer.prompt})` : undefined };
  }
  const steps = isSequenceGoal(goal) ? goal.sequence : [goal];
  const met = stepsMet(steps, activities, vars);
  if (met === steps.length) return { done: true, hint: undefined };
  const after = met === 0 ? activities : activitiesAfterStep(steps, activities, vars, met);
  return { done: false, hint: observedHint(steps[met]!, after, vars) };
}

/** The activities after the event that met step `met - 1`: a hint for the next step looks only there. */
function activitiesAfterStep(steps: readonly Step[], activities: readonly Activity[], vars: TemplateValues, met: number): readonly Activity[] {
  let count = 0;
  for (let i = 0; i < activities.length; i++) {
    if (fits(steps[count]!, activities, i, vars) && ++count === met) return activities.slice(i + 1);
  }
  return activities;
}

export interface CheckerDeps {
  progress: ProgressStore;
  activities: (attendeeId: string) => readonly Activity[];
  now: () => Date;
}

/** Evaluates an attendee's exercises: goals met stay met (recorded) until the exercise is reset. */
export function createChecker(deps: CheckerDeps) {
  function exerciseStatus(lab: LoadedLab, exercise: Exercise, n: number, attendeeId: string, vars: TemplateValues): ExerciseStatus {
    const labId = lab.definition.id;
    const progress = deps.progress.get(attendeeId, labId, exercise.id);
    const since = progress.since;
    const activities = deps.activities(attendeeId).filter((a) => !since || a.event.time >= since);
    const goals = exercise.goals.map((goal): GoalStatus => {
      const description = render(goal.description, vars);
      if (progress.done[goal.id]) return { id: goal.id, description, done: true, hint: null };
      const { done, hint } = evaluateGoal(goal, activities, progress, vars);
      if (done) {
        deps.progress.markDone(attendeeId, labId, exercise.id, goal.id, deps.now().toISOString());
        return { id: goal.id, description, done: true, hint: null };
      }
      return { id: goal.id, description, done: false, hint: hint ?? (goal.hint ? render(goal.hint, vars) : null) };
    });
    const open = goals.find((g) => !g.done);
    return { n, id: exercise.id, title: exercise.title, done: !open, hint: open ? (open.hint ?? open.description) : null, goals };
  }

  return {
    labStatus(lab: LoadedLab, attendeeId: string, vars: TemplateValues): LabStatus {
      const { definition } = lab;
      return { id: definition.id, title: definition.title, exercises: definition.exercises.map((exercise, i) => exerciseStatus(lab, exercise, i + 1, attendeeId, vars)) };
    },
  };
}

export type Checker = ReturnType<typeof createChecker>;
