import { z } from 'zod';
import { TEMPLATE_VARIABLES, unknownVariables } from './template.js';

/** A text that may hold `{{variable}}` placeholders (checked against the known variables). */
const templated = z.string().superRefine((text, ctx) => {
  for (const name of unknownVariables(text)) {
    ctx.addIssue({ code: 'custom', message: `unknown variable {{${name}}} (known: ${Object.keys(TEMPLATE_VARIABLES).join(', ')})` });
  }
});

const scalar = z.union([templated, z.number(), z.boolean(), z.null()]);

const regex = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(error as Error).message}` });
  }
});

/** One fact's expectation: a value (equality; an array fact matches when one member equals it) or an operator. */
const matcherSchema = z.union([
  scalar,
  z.strictObject({ in: z.array(scalar).min(1) }),
  z.strictObject({ not: scalar }),
  z.strictObject({ matches: regex }),
  z.strictObject({ exists: z.boolean() }),
]);

const FACT_NAME = /^[A-Za-z][\w-]*(\.[\w:/.-]+)*$/;
const whereSchema = z.record(z.string().regex(FACT_NAME, 'expected a fact name like audience or assertion.sub'), matcherSchema);

const ficSchema = z.strictObject({
  /** The federated credential that matched has (or has not) a claimsMatchingExpression. */
  hasClaimsExpression: z.boolean().optional(),
});

const EVENT_TYPE = /^[a-z][a-z0-9-]*$/;

const stepSchema = z.strictObject({
  event: z.string().regex(EVENT_TYPE, 'expected an event type like token-minted'),
  where: whereSchema.default({}),
  fic: ficSchema.optional(),
  /**
   * Only an exchange whose assertion passed fedlab's signature check counts (a forged or tampered
   * token that fails later checks does not).
   */
  verified: z.boolean().optional(),
  /**
   * Only an exchange whose assertion is a token fedlab's STS minted for this attendee (the same
   * jti, subject and audience as a token-minted event of theirs) counts: for refusals that happen
   * before the signature is checked, where `verified` cannot tell.
   */
  minted: z.boolean().optional(),
  /**
   * Only an exchange whose assertion is signed with a key that a keys-rotated event of the
   * attendee's account brought in before it (its `kid` is among the event's `kids`) counts: "a
   * token signed by the new key", not one minted before the rotation and still valid.
   */
  newKey: z.boolean().optional(),
});

const goalBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a goal id of lower-case letters, digits and dashes'),
  description: templated.pipe(z.string().min(1)),
  /** Shown while the goal is not done (a rejection-based hint comes first when one applies). */
  hint: templated.optional(),
};

const eventGoalSchema = z.strictObject({ ...goalBase, ...stepSchema.shape });
const sequenceGoalSchema = z.strictObject({ ...goalBase, sequence: z.array(stepSchema).min(2, 'a sequence has at least two steps') });
const answerGoalSchema = z.strictObject({
  ...goalBase,
  answer: z.strictObject({
    /** The question the attendee answers with `fedlab lab answer`. */
    prompt: z.string().min(1),
    /** The right answer; a list variable accepts any member. Compared after trimming. */
    expected: templated.pipe(z.string().min(1)),
    caseSensitive: z.boolean().default(true),
  }),
});

export type Step = z.output<typeof stepSchema>;
export type EventGoal = z.output<typeof eventGoalSchema>;
export type SequenceGoal = z.output<typeof sequenceGoalSchema>;
export type AnswerGoal = z.output<typeof answerGoalSchema>;
export type Goal = EventGoal | SequenceGoal | AnswerGoal;
export type Matcher = z.output<typeof matcherSchema>;

/** The goal's kind is told by its key (event, sequence or answer), so errors point inside the right shape. */
const goalSchema = z.unknown().transform((raw, ctx): Goal => {
  const kinds = raw && typeof raw === 'object' ? (['event', 'sequence', 'answer'] as const).filter((k) => k in raw) : [];
  if (kinds.length !== 1) {
    ctx.addIssue({ code: 'custom', message: kinds.length === 0 ? 'expected a goal with one of the keys event, sequence or answer' : `a goal has exactly one of event, sequence, answer (found ${kinds.join(', ')})` });
    return z.NEVER;
  }
  const schema = kinds[0] === 'event' ? eventGoalSchema : kinds[0] === 'sequence' ? sequenceGoalSchema : answerGoalSchema;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: issue.path } as never);
  return z.NEVER;
});

/** The starting state `fedlab lab reset N` restores for the attendee (each part optional). */
const startSchema = z.strictObject({
  /** The attendee's account's outbound federation switch. */
  federation: z.enum(['enabled', 'disabled']).optional(),
  /** delete-all: remove every federated credential of the attendee's application (through Graph). */
  federatedCredentials: z.enum(['delete-all', 'keep']).default('keep'),
  /** clear: remove the faults injected for the attendee's account and tenant. */
  faults: z.enum(['clear', 'keep']).default('clear'),
  /** Set every party's clock offset (a room shares one clock: facilitator-only there). */
  clockOffsetSeconds: z.number().int().min(-86400 * 365).max(86400 * 365).optional(),
  /** configured: the attendee's RBAC vault drops the role assignments added at runtime. */
  roleAssignments: z.enum(['configured', 'keep']).optional(),
});

const exerciseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected an exercise id of lower-case letters, digits and dashes'),
    title: z.string().min(1),
    /** The Markdown page, relative to the definition file. */
    page: z.string().regex(/^[\w./-]+\.md$/, 'expected a relative path to a .md file'),
    start: startSchema.default({ federatedCredentials: 'keep', faults: 'clear' }),
    goals: z.array(goalSchema).min(1, 'an exercise has at least one goal'),
  })
  .superRefine((exercise, ctx) => {
    exercise.goals.forEach((goal, i) => {
      if (exercise.goals.findIndex((other) => other.id === goal.id) !== i) ctx.addIssue({ code: 'custom', path: ['goals', i, 'id'], message: `duplicate goal id ${goal.id}` });
    });
  });

export const labDefinitionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a lab id of lower-case letters, digits and dashes'),
    title: z.string().min(1),
    summary: z.string().optional(),
    exercises: z.array(exerciseSchema).min(1, 'a lab has at least one exercise'),
  })
  .superRefine((lab, ctx) => {
    lab.exercises.forEach((exercise, i) => {
      if (lab.exercises.findIndex((other) => other.id === exercise.id) !== i) ctx.addIssue({ code: 'custom', path: ['exercises', i, 'id'], message: `duplicate exercise id ${exercise.id}` });
    });
  });

export type LabDefinition = z.output<typeof labDefinitionSchema>;
export type Exercise = LabDefinition['exercises'][number];
export type ExerciseStart = Exercise['start'];

export const isEventGoal = (goal: Goal): goal is EventGoal => 'event' in goal;
export const isSequenceGoal = (goal: Goal): goal is SequenceGoal => 'sequence' in goal;
export const isAnswerGoal = (goal: Goal): goal is AnswerGoal => 'answer' in goal;
