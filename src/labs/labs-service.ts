import { createPartyClient } from '../client/party-client.js';
import { CALLER_HEADER } from '../core/http/request-origin.js';
import type { EventBus } from '../core/events.js';
import type { StateStore } from '../core/state-dir.js';
import { createActivityLog, type CredentialLookup } from './activity.js';
import { createAttribution, type Attendee } from './attendee.js';
import { createChecker, type ExerciseStatus, type LabStatus } from './checker.js';
import { isAnswerGoal } from './definition.js';
import type { LoadedLab } from './load-lab.js';
import { createProgressStore } from './progress.js';
import { roomOverview } from './room-overview.js';
import { resetExercise, type ResetStep } from './reset.js';
import { createThumbprintSource, variablesOf } from './variables.js';

export interface LabsUrls {
  awsEndpoint: string;
  /** Account id → issuer URL. */
  issuers: Record<string, string>;
  authorityHost?: string;
  /** Attendee id → that attendee's Key Vault URL. */
  vaults: Record<string, string>;
  /** Vault name → URL, every vault (resets reach an attendee's RBAC vault through it). */
  vaultsByName?: Record<string, string>;
  /** Every listener that serves /_fedlab (faults, clock). */
  listeners: string[];
  /** With fedlab's proxy: issuers have their real form, reached through it. */
  proxyUrl?: string;
}

export interface LabsOptions {
  labs: LoadedLab[];
  /** One (`default`) for a single user, or the room. */
  attendees: Attendee[];
  events: EventBus;
  store: StateStore;
  ca: string;
  /** Sent to /_fedlab/* (needed there when listeners are bound beyond loopback). */
  adminToken?: string;
  urls: LabsUrls;
  /** How a federated credential looks right now (for `fic:` in goals). */
  credential?: CredentialLookup;
  now?: () => Date;
}

/** Whose account, tenant, application and vault a console opened with `?attendee=` shows. */
export interface AttendeeWorld {
  id: string;
  aws: { accountId: string; region: string; issuer: string | null; principals: { arn: string; accessKeyId: string }[] };
  entra: { tenantId: string; clientId: string; servicePrincipalId: string; graphAdminClientId: string | null };
  vault: { name: string; url: string } | null;
}

export class LabsRequestError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export function createLabsService(options: LabsOptions) {
  const now = options.now ?? (() => new Date());
  const room = options.attendees.length > 1 || options.attendees[0]?.id !== 'default';
  const activity = createActivityLog({ events: options.events, attribute: createAttribution(options.attendees), credential: options.credential });
  const progress = createProgressStore(options.store);
  const checker = createChecker({ progress, activities: activity.of, now });
  const upstream = createPartyClient(options.ca, { headers: { [CALLER_HEADER]: 'labs' }, ...(options.urls.proxyUrl ? { proxyUrl: options.urls.proxyUrl } : {}) });
  const thumbprints = createThumbprintSource(upstream);

  const attendee = (id: string | undefined): Attendee => {
    const wanted = id ?? (room ? undefined : 'default');
    const found = options.attendees.find((a) => a.id === wanted);
    if (!found) throw new LabsRequestError(404, 'UnknownAttendee', wanted ? `no attendee '${wanted}' (known: ${options.attendees.map((a) => a.id).join(', ')})` : 'name the attendee (?attendee=a01)');
    return found;
  };
  const lab = (id: string) => {
    const found = options.labs.find((l) => l.definition.id === id);
    if (!found) throw new LabsRequestError(404, 'UnknownLab', `no lab '${id}' (known: ${options.labs.map((l) => l.definition.id).join(', ')})`);
    return found;
  };
  const exerciseOf = (labId: string, n: number) => {
    const loaded = lab(labId);
    const exercise = loaded.definition.exercises[n - 1];
    if (!Number.isInteger(n) || !exercise) throw new LabsRequestError(404, 'UnknownExercise', `lab '${labId}' has exercises 1-${loaded.definition.exercises.length}`);
    return { loaded, exercise };
  };
  /** The issuer's keys are fetched only to judge a given, not yet right, answer that names them. */
  const keyAnswerPending = (a: Attendee) =>
    options.labs.some(({ definition }) =>
      definition.exercises.some((e) =>
        e.goals.some((g) => {
          if (!isAnswerGoal(g) || !g.answer.expected.includes('issuerKeyThumbprints')) return false;
          const p = progress.get(a.id, definition.id, e.id);
          return p.answers[g.id] !== undefined && !p.done[g.id];
        }),
      ),
    );
  const variables = async (a: Attendee) => {
    const issuer = options.urls.issuers[a.accountId];
    return variablesOf(a, { issuer, vaultUrl: options.urls.vaults[a.id] }, issuer && keyAnswerPending(a) ? await thumbprints(issuer) : []);
  };

  /**
   * The listeners a reset of the attendee talks to: the shared ones and the attendee's own vaults,
   * not the rest of the room's (a room of 30 has 60 vault listeners; asking each one for faults at
   * every reset made a room's simultaneous resets take half a minute).
   */
  const vaultsOf = (o: Attendee) => [options.urls.vaults[o.id], o.rbacVaultName ? options.urls.vaultsByName?.[o.rbacVaultName] : undefined].filter((u): u is string => !!u);
  const listenersOf = (a: Attendee) => {
    const own = new Set(vaultsOf(a));
    const others = new Set(options.attendees.filter((o) => o.id !== a.id).flatMap(vaultsOf).filter((u) => !own.has(u)));
    return options.urls.listeners.filter((url) => !others.has(url));
  };

  async function statusOf(a: Attendee): Promise<LabStatus[]> {
    const vars = await variables(a);
    return options.labs.map((l) => checker.labStatus(l, a.id, vars));
  }

  return {
    room,
    attendees: options.attendees,
    /** `GET /api/labs/attendees/:id`: the attendee's own corner (ids and URLs, no secrets), what their console is scoped to. */
    world(attendeeId: string): AttendeeWorld {
      const a = attendee(attendeeId);
      const vaultUrl = options.urls.vaults[a.id];
      return {
        id: a.id,
        aws: { accountId: a.accountId, region: a.region, issuer: options.urls.issuers[a.accountId] ?? null, principals: a.principals.map((p) => ({ arn: p.arn, accessKeyId: p.accessKeyId })) },
        entra: { tenantId: a.tenantId, clientId: a.clientId, servicePrincipalId: a.servicePrincipalId, graphAdminClientId: a.admin?.clientId ?? null },
        vault: a.vaultName && vaultUrl ? { name: a.vaultName, url: vaultUrl } : null,
      };
    },
    labs: options.labs,
    /** One attendee's checklist. */
    async status(attendeeId?: string): Promise<{ attendee: string; labs: LabStatus[] }> {
      const a = attendee(attendeeId);
      return { attendee: a.id, labs: await statusOf(a) };
    },
    /** The facilitator's view: every attendee, where each one is, and per exercise who is done and who is on it. */
    async overview() {
      const room = await Promise.all(options.attendees.map(async (a) => ({ id: a.id, labs: await statusOf(a), lastActivity: activity.of(a.id).at(-1)?.event.time ?? null })));
      return roomOverview(options.labs, room);
    },
    async reset(labId: string, n: number, attendeeId?: string): Promise<{ attendee: string; lab: string; exercise: ExerciseStatus; ok: boolean; steps: ResetStep[] }> {
      const a = attendee(attendeeId);
      const { loaded, exercise } = exerciseOf(labId, n);
      const rbacVaultUrl = a.rbacVaultName ? options.urls.vaultsByName?.[a.rbacVaultName] : undefined;
      const targets = { awsEndpoint: options.urls.awsEndpoint, authorityHost: options.urls.authorityHost, listeners: listenersOf(a), room, adminToken: options.adminToken, ...(rbacVaultUrl ? { rbacVaultUrl } : {}) };
      const steps = await activity.resetting(a.id, () => resetExercise(upstream, targets, a, exercise.start));
      progress.reset(a.id, labId, exercise.id, now().toISOString());
      const status = checker.labStatus(loaded, a.id, await variables(a)).exercises[n - 1]!;
      return { attendee: a.id, lab: labId, exercise: status, ok: steps.every((s) => s.ok), steps };
    },
    async answer(labId: string, n: number, goalId: string, value: string, attendeeId?: string): Promise<{ attendee: string; exercise: ExerciseStatus }> {
      const a = attendee(attendeeId);
      const { loaded, exercise } = exerciseOf(labId, n);
      const goal = exercise.goals.find((g) => g.id === goalId);
      if (!goal || !isAnswerGoal(goal)) throw new LabsRequestError(404, 'UnknownGoal', `exercise ${n} of '${labId}' has no answer goal '${goalId}' (answer goals: ${exercise.goals.filter(isAnswerGoal).map((g) => g.id).join(', ') || 'none'})`);
      progress.answer(a.id, labId, exercise.id, goalId, value);
      return { attendee: a.id, exercise: checker.labStatus(loaded, a.id, await variables(a)).exercises[n - 1]! };
    },
    async close() {
      activity.close();
      progress.flush();
      await upstream.close();
    },
  };
}

export type LabsService = ReturnType<typeof createLabsService>;
