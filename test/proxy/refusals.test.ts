import { connect as tlsConnect } from 'node:tls';
import type { Fedlab } from 'fedlab';
import { rawExchange, startCanary, startProxiedFedlab } from './support.js';

let fedlab: Fedlab;
let canary: Awaited<ReturnType<typeof startCanary>>;
beforeAll(async () => {
  [fedlab, canary] = await Promise.all([startProxiedFedlab(), startCanary()]);
});
afterAll(async () => {
  await fedlab.close();
  await canary.close();
});

const port = () => fedlab.proxy!.port;

test('CONNECT to a host fedlab does not simulate is refused with 403 naming the host', async () => {
  const answer = await rawExchange(port(), 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
  expect(answer).toMatch(/^HTTP\/1\.1 403 /);
  expect(answer).toContain('x-fedlab-proxy-check: known-host');
  expect(answer).toContain('does not answer for example.com');
});

test('CONNECT and absolute-form requests to a loopback canary never reach it', async () => {
  const viaConnect = await rawExchange(port(), `CONNECT 127.0.0.1:${canary.port} HTTP/1.1\r\nHost: 127.0.0.1:${canary.port}\r\n\r\n`);
  const viaAbsolute = await rawExchange(port(), `GET http://127.0.0.1:${canary.port}/secret HTTP/1.1\r\nHost: 127.0.0.1:${canary.port}\r\n\r\n`);
  const viaLocalhost = await rawExchange(port(), `GET http://localhost:${canary.port}/ HTTP/1.1\r\nHost: localhost:${canary.port}\r\n\r\n`);
  for (const answer of [viaConnect, viaAbsolute, viaLocalhost]) expect(answer).toMatch(/^HTTP\/1\.1 403 /);
  expect(canary.hits).toEqual([]);
});

test('a known host on another port is refused at check port', async () => {
  const answer = await rawExchange(port(), 'CONNECT sts.us-east-1.amazonaws.com:8443 HTTP/1.1\r\nHost: sts.us-east-1.amazonaws.com:8443\r\n\r\n');
  expect(answer).toMatch(/^HTTP\/1\.1 403 /);
  expect(answer).toContain('x-fedlab-proxy-check: port');
});

test('a malformed request line and a malformed CONNECT target get 400, and the proxy keeps serving', async () => {
  expect(await rawExchange(port(), 'THIS IS NOT HTTP\r\n\r\n', /\}$/)).toMatch(/^HTTP\/1\.1 400 /);
  expect(await rawExchange(port(), 'CONNECT not a target HTTP/1.1\r\nHost: x\r\n\r\n', /\}$/)).toMatch(/^HTTP\/1\.1 400 /);
  const origin = await rawExchange(port(), `GET /secrets HTTP/1.1\r\nHost: 127.0.0.1:${port()}\r\n\r\n`);
  expect(origin).toMatch(/^HTTP\/1\.1 400 /);
  expect(origin).toContain('request-target');
  const ok = await rawExchange(port(), 'GET http://sts.us-east-1.amazonaws.com/health HTTP/1.1\r\nHost: sts.us-east-1.amazonaws.com\r\n\r\n');
  expect(ok).toMatch(/^HTTP\/1\.1 200 /);
});

test('an absolute-form request whose Host disagrees with its target is refused with 421', async () => {
  const answer = await rawExchange(port(), `GET http://sts.us-east-1.amazonaws.com/health HTTP/1.1\r\nHost: 127.0.0.1:${canary.port}\r\n\r\n`);
  expect(answer).toMatch(/^HTTP\/1\.1 421 /);
  expect(answer).toContain('host-matches-target');
  expect(canary.hits).toEqual([]);
});

function tunnel(host: string, servername: string | undefined, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    import('node:net').then(({ connect }) => {
      const socket = connect(port(), '127.0.0.1', () => socket.write(`CONNECT ${host}:443 HTTP/1.1\r\nHost: ${host}:443\r\n\r\n`));
      socket.once('data', (head) => {
        if (!/^HTTP\/1\.1 200/.test(head.toString())) return reject(new Error(head.toString()));
        const secure = tlsConnect({ socket, ...(servername ? { servername } : {}), ca: fedlab.ca, rejectUnauthorized: servername !== undefined }, () => secure.write(request));
        let text = '';
        secure.on('data', (chunk) => (text += chunk.toString()));
        secure.on('end', () => resolve(text));
        secure.on('close', () => resolve(text));
        secure.on('error', (error) => resolve(`tls error: ${error.message}`));
        secure.setTimeout(5000, () => secure.destroy());
      });
    }, reject);
  });
}

test('inside a CONNECT tunnel, the certificate names the host and a disagreeing Host header is refused with 421', async () => {
  const answer = await tunnel('sts.us-east-1.amazonaws.com', 'sts.us-east-1.amazonaws.com', `GET /health HTTP/1.1\r\nHost: 127.0.0.1:${canary.port}\r\nConnection: close\r\n\r\n`);
  expect(answer).toMatch(/^HTTP\/1\.1 421 /);
  const fine = await tunnel('sts.us-east-1.amazonaws.com', 'sts.us-east-1.amazonaws.com', 'GET /health HTTP/1.1\r\nHost: sts.us-east-1.amazonaws.com\r\nConnection: close\r\n\r\n');
  expect(fine).toMatch(/^HTTP\/1\.1 200 /);
  expect(canary.hits).toEqual([]);
});

test('TLS without SNI, or with a server name other than the CONNECT target, gets no answer', async () => {
  const noSni = await tunnel('sts.us-east-1.amazonaws.com', undefined, 'GET /health HTTP/1.1\r\nHost: sts.us-east-1.amazonaws.com\r\n\r\n');
  expect(noSni).not.toMatch(/HTTP\/1\.1 200/);
  const other = await tunnel('sts.us-east-1.amazonaws.com', 'login.microsoftonline.com', 'GET /health HTTP/1.1\r\nHost: login.microsoftonline.com\r\n\r\n');
  expect(other).not.toMatch(/HTTP\/1\.1/);
});

describe('the proxy listener itself (host allow-list)', () => {
  test('answers /health for its own address: an IP literal, or localhost with its port', async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`]) {
      const answer = await rawExchange(port(), `GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).toContain('"party":"proxy"');
    }
  });

  test('refuses a foreign Host (a DNS-rebinding page) with 403 at check host-allow-list, and reaches nothing', async () => {
    for (const host of [`rebind.example:${port()}`, `localhost:${port() + 1}`, '']) {
      const answer = await rawExchange(port(), `GET /health HTTP/1.1\r\n${host ? `Host: ${host}\r\n` : ''}\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 (403|400) /);
      expect(answer).toContain('x-fedlab-proxy-check: host-allow-list');
    }
    const rebinding = await rawExchange(port(), `POST /health HTTP/1.1\r\nHost: rebind.example:${port()}\r\nOrigin: http://rebind.example:${port()}\r\nContent-Length: 0\r\n\r\n`);
    expect(rebinding).toMatch(/^HTTP\/1\.1 403 /);
    expect(rebinding).toContain('HostNotAllowed');
    expect(canary.hits).toEqual([]);
  });

  test('a cloud name sent to the listener itself (no CONNECT, no pinned TLS) is told to use the proxy', async () => {
    const answer = await rawExchange(port(), 'GET /health HTTP/1.1\r\nHost: sts.us-east-1.amazonaws.com\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('x-fedlab-proxy-check: host-allow-list');
    expect(answer).toContain('CONNECT sts.us-east-1.amazonaws.com:443');
  });

  test('fedlab\'s pinned path (TLS straight to the port, the real name as SNI) still serves the real names', async () => {
    const issuer = new URL(fedlab.urls.real!.issuers['111122223333']!).host;
    const answer = await new Promise<string>((resolve, reject) => {
      const secure = tlsConnect({ host: '127.0.0.1', port: port(), servername: issuer, ca: fedlab.ca }, () =>
        secure.write(`GET /.well-known/openid-configuration HTTP/1.1\r\nHost: ${issuer}\r\nConnection: close\r\n\r\n`),
      );
      let text = '';
      secure.on('data', (chunk) => (text += chunk.toString()));
      secure.on('close', () => resolve(text));
      secure.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain(`"issuer":"https://${issuer}"`);
  });
});
