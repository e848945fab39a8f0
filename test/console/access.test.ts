import request from 'supertest';
import { loadFedlabConfig } from '../../src/config.js';
import { startConsoleLab, type ConsoleLab } from './support.js';

describe('a loopback console', () => {
  let lab: ConsoleLab;
  beforeAll(async () => {
    lab = await startConsoleLab();
  });
  afterAll(() => lab.close());

  test('serves the page with a strict Content-Security-Policy and its ES modules', async () => {
    const page = await request(lab.url).get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.text).toContain('<script type="module" src="/js/main.js">');
    const main = await request(lab.url).get('/js/main.js').expect(200);
    expect(main.headers['content-type']).toMatch(/javascript/);
  });

  test('refuses another Host name (DNS rebinding) and cross-origin changes', async () => {
    const rebound = await request(lab.url).get('/api/overview').set('Host', 'attacker.example:80').expect(403);
    expect(rebound.body.error.code).toBe('host_not_allowed');
    const crossOrigin = await request(lab.url).post('/api/faults/entra').set('Origin', 'https://attacker.example').send({ target: 'token', kind: 'throttle' }).expect(403);
    expect(crossOrigin.body.error.code).toBe('cross_origin');
    const faults = await request(lab.url).get('/api/faults').expect(200);
    expect(faults.body.value).toEqual([]);
  });

  test('answers bad bodies and unknown routes in its JSON error format', async () => {
    const malformed = await request(lab.url).post('/api/decode').set('Content-Type', 'application/json').send('{"token":').expect(400);
    expect(malformed.body.error).toEqual({ code: 'invalid_body', message: 'the request body is not valid JSON' });
    const tooLarge = await request(lab.url).post('/api/decode').send({ token: 'x'.repeat(100_000) }).expect(413);
    expect(tooLarge.body.error.code).toBe('invalid_body');
    const unknown = await request(lab.url).get('/api/nothing-here').expect(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});

describe('a console with an access token', () => {
  const token = 'console-EXAMPLE-token-0123456789';
  let lab: ConsoleLab;
  beforeAll(async () => {
    const config = loadFedlabConfig();
    lab = await startConsoleLab({ config: { ...config, console: { ...config.console!, token } } });
  });
  afterAll(() => lab.close());

  test('refuses the page and the API without the token', async () => {
    const res = await request(lab.url).get('/api/overview').expect(401);
    expect(res.body.error.code).toBe('token_required');
    await request(lab.url).get('/').expect(401);
    await request(lab.url).get('/api/overview').set('Authorization', 'Bearer wrong-token-000000000').expect(401);
    // A cookie that is not even valid percent-encoding is no token (401), not the console's failure.
    const garbled = await request(lab.url).get('/api/overview').set('Cookie', 'fedlab_console_token=%E0%A4%A').expect(401);
    expect(garbled.body.error.code).toBe('token_required');
  });

  test('opening ?token= sets an HttpOnly SameSite cookie that then opens everything', async () => {
    const open = await request(lab.url).get(`/?token=${token}`).expect(303);
    expect(open.headers.location).toBe('/');
    const cookie = open.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const overview = await request(lab.url).get('/api/overview').set('Cookie', cookie.split(';')[0]!).expect(200);
    expect(overview.body.access).toEqual({ tokenRequired: true });
    await request(lab.url).get('/api/overview').set('Authorization', `Bearer ${token}`).expect(200);
  });
});
