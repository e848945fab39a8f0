import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import { readFile } from 'node:fs/promises';
import type { Logger } from '../core/logger.js';
import { pageOf } from './load-lab.js';
import { LabsRequestError, type LabsService } from './labs-service.js';

const attendeeOf = (req: Request): string | undefined => {
  const value = (req.query.attendee ?? (req.body as { attendee?: unknown } | undefined)?.attendee) as unknown;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const exerciseNumber = (raw: string) => {
  if (!/^\d{1,3}$/.test(raw)) throw new LabsRequestError(400, 'BadExerciseNumber', `expected an exercise number, got '${raw}'`);
  return Number(raw);
};

/**
 * `/api/labs` (mounted on the console listener):
 * GET /status[?attendee=], POST /{lab}/exercises/{n}/reset, POST /{lab}/exercises/{n}/answers,
 * GET / (the course), GET /{lab}/exercises/{n}/page (the Markdown),
 * GET /attendees/{id} (that attendee's account, tenant, application and vault: what their console shows).
 */
export function createLabsRouter(labs: LabsService, logger?: Logger): Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/', (_req, res) => {
    res.json({
      room: labs.room,
      attendees: labs.attendees.map((a) => a.id),
      labs: labs.labs.map((l) => ({ id: l.definition.id, title: l.definition.title, summary: l.definition.summary ?? null, exercises: l.definition.exercises.map((e, i) => ({ n: i + 1, id: e.id, title: e.title })) })),
    });
  });

  router.get('/status', async (req, res) => {
    const attendee = attendeeOf(req);
    res.set('cache-control', 'no-store');
    res.json(attendee === undefined && labs.room ? await labs.overview() : await labs.status(attendee));
  });

  router.get('/attendees/:id', (req, res) => {
    res.set('cache-control', 'no-store');
    res.json(labs.world(req.params.id));
  });

  router.get('/:lab/exercises/:n/page', async (req, res) => {
    const lab = labs.labs.find((l) => l.definition.id === req.params.lab);
    const exercise = lab?.definition.exercises[exerciseNumber(req.params.n) - 1];
    if (!lab || !exercise) throw new LabsRequestError(404, 'UnknownExercise', `no exercise ${req.params.n} in lab '${req.params.lab}'`);
    res.type('text/markdown; charset=utf-8').send(await readFile(pageOf(lab, exercise.page), 'utf8'));
  });

  router.post('/:lab/exercises/:n/reset', async (req, res) => {
    const result = await labs.reset(req.params.lab, exerciseNumber(req.params.n), attendeeOf(req));
    res.status(result.ok ? 200 : 502).json(result);
  });

  router.post('/:lab/exercises/:n/answers', async (req, res) => {
    const { goal, value } = (req.body ?? {}) as { goal?: unknown; value?: unknown };
    if (typeof goal !== 'string' || typeof value !== 'string' || value.length > 2048) {
      throw new LabsRequestError(400, 'BadAnswer', 'expected a JSON body {"goal": "<goal id>", "value": "<your answer>"}');
    }
    res.json(await labs.answer(req.params.lab, exerciseNumber(req.params.n), goal, value, attendeeOf(req)));
  });

  router.use((req, res) => {
    res.status(404).json({ error: { code: 'NotFound', message: `no labs endpoint ${req.method} ${req.originalUrl}` } });
  });
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    if (error instanceof LabsRequestError) return void res.status(error.status).json({ error: { code: error.code, message: error.message } });
    const status = (error as { status?: number; type?: string }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) return void res.status(status).json({ error: { code: 'BadRequest', message: (error as Error).message } });
    logger?.error({ err: error }, 'unexpected error in the labs API');
    res.status(500).json({ error: { code: 'InternalError', message: 'the labs API failed; see fedlab\'s log' } });
  };
  router.use(onError);
  return router;
}
