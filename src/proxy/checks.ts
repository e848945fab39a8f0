import { CheckFailure, type Check } from '../core/checks.js';
import { hostRefusal } from '../core/http/host-allow-list.js';
import type { Route, RouteTable } from './routes.js';

/** What one proxied request is checked on: where the client wants to go, and what it said. */
export interface ProxyCheckContext {
  routes: RouteTable;
  /** The raw request target (`host:443` of a CONNECT, an absolute URL, or the SNI name). */
  target: string;
  host?: string;
  port?: number;
  /** The port fedlab answers on for this kind of request (443 for TLS, 80 for absolute-form http). */
  expectedPort: number;
  /** The `Host` header of a request inside the tunnel. */
  hostHeader?: string;
  route?: Route;
  /** The proxy's own port (an origin-form request must name the listener itself). */
  listenerPort?: number;
}

const refuse = (status: number, code: string, message: string) => new CheckFailure(code, message, status);

const authorityForm: Check<ProxyCheckContext> = {
  name: 'request-target',
  run(ctx) {
    const match = /^([a-z0-9.-]+|\[[0-9a-f:.]+\]):(\d{1,5})$/i.exec(ctx.target);
    if (!match) throw refuse(400, 'BadRequestTarget', `CONNECT needs a host:port target, got '${ctx.target}'`);
    ctx.host = match[1]!.toLowerCase();
    ctx.port = Number(match[2]);
  },
};

const absoluteForm: Check<ProxyCheckContext> = {
  name: 'request-target',
  run(ctx) {
    let url: URL | undefined;
    try {
      url = new URL(ctx.target);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'http:' || !/^http:\/\//i.test(ctx.target)) {
      throw refuse(400, 'BadRequestTarget', `a proxy request needs an absolute http:// target (https goes through CONNECT), got '${ctx.target.slice(0, 200)}'`);
    }
    ctx.host = url.hostname.toLowerCase();
    ctx.port = url.port ? Number(url.port) : 80;
  },
};

const knownHost: Check<ProxyCheckContext> = {
  name: 'known-host',
  run(ctx) {
    ctx.route = ctx.routes(ctx.host!);
    if (!ctx.route) throw refuse(403, 'HostNotServed', `fedlab's proxy does not answer for ${ctx.host}: it serves only the AWS and Microsoft host names fedlab simulates and never connects outside fedlab`);
  },
};

const servedPort: Check<ProxyCheckContext> = {
  name: 'port',
  run(ctx) {
    if (ctx.port !== ctx.expectedPort) throw refuse(403, 'PortNotServed', `fedlab's proxy answers for ${ctx.host} on port ${ctx.expectedPort} only, not ${ctx.port}`);
  },
};

const hostAgrees: Check<ProxyCheckContext> = {
  name: 'host-matches-target',
  run(ctx) {
    const header = (ctx.hostHeader ?? '').toLowerCase();
    const name = header.endsWith(`:${ctx.expectedPort}`) ? header.slice(0, -`:${ctx.expectedPort}`.length) : header;
    if (name !== ctx.host) throw refuse(421, 'MisdirectedRequest', `the Host header '${header.slice(0, 200)}' does not name ${ctx.host}, the host this connection was opened for`);
  },
};

/**
 * An origin-form request (`GET /health`) is for the proxy listener itself, so its Host must name
 * that listener: the host allow-list every fedlab listener applies (a DNS-rebinding page cannot
 * pass it). A cloud name there means a client skipped the proxy step: its requests go through
 * CONNECT (or absolute-form http://), and fedlab's own pinned fetches through TLS with the name as SNI.
 */
const listenerHost: Check<ProxyCheckContext> = {
  name: 'host-allow-list',
  run(ctx) {
    const header = ctx.hostHeader ?? '';
    const name = header.toLowerCase().replace(/:\d{1,5}$/, '');
    if (ctx.routes(name)) throw refuse(400, 'ProxyRequestExpected', `${name} is answered through the proxy: send CONNECT ${name}:443 (or an absolute-form http:// URL), not a request to the proxy's own address`);
    const refusal = hostRefusal(header || undefined, ctx.listenerPort!);
    if (refusal) throw refuse(403, 'HostNotAllowed', `fedlab's proxy listener refuses the request: ${refusal}`);
  },
};

const ownPath: Check<ProxyCheckContext> = {
  name: 'request-target',
  run(ctx) {
    if (ctx.target !== '/health') throw refuse(400, 'BadRequestTarget', `fedlab's proxy answers only /health itself; a proxied request needs CONNECT host:443 or an absolute http:// target, got '${ctx.target.slice(0, 200)}'`);
  },
};

/** An origin-form request to the proxy listener itself (only `/health` is answered). */
export const LISTENER_CHECKS: readonly Check<ProxyCheckContext>[] = [listenerHost, ownPath];
/** `CONNECT host:443`. */
export const CONNECT_CHECKS: readonly Check<ProxyCheckContext>[] = [authorityForm, knownHost, servedPort];
/** `GET http://host/path` sent to the proxy. */
export const ABSOLUTE_FORM_CHECKS: readonly Check<ProxyCheckContext>[] = [absoluteForm, knownHost, servedPort, hostAgrees];
/** The TLS server name a client asked for (through CONNECT or straight to the proxy's port). */
export const SERVER_NAME_CHECKS: readonly Check<ProxyCheckContext>[] = [knownHost];
/** Each request inside a terminated TLS connection. */
export const TUNNEL_REQUEST_CHECKS: readonly Check<ProxyCheckContext>[] = [hostAgrees];
