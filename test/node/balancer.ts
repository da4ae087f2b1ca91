import { type IncomingHttpHeaders, request } from 'node:http';
import { type RunningServer, startNodeServer } from '../../src/node/serve.js';

/** One request as the balancer passed it on: which instance answered, and with what. */
export interface Passed {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Index of the instance that answered; -1 when none did. */
  target: number;
  /** The instance's status; 502 when none answered or one died before it had. */
  status: number;
}

export interface Balancer extends RunningServer {
  /** Every request so far, in the order they were answered. */
  passed: Passed[];
}

/**
 * A round-robin HTTP load balancer in front of a fixed list of instance URLs,
 * as any load balancer a deployment puts in front of several instances: no
 * sticky sessions, the client's address appended to X-Forwarded-For (the one
 * proxy TRUST_PROXY_HOPS=1 trusts), and a request whose connection an
 * instance refuses (it is down) goes to the next one, since none of it was
 * sent. An instance that dies after it took a request leaves the client a 502,
 * as a real balancer does; the client decides whether to retry.
 */
export async function startBalancer(targets: readonly string[]): Promise<Balancer> {
  const passed: Passed[] = [];
  let next = 0;
  const server = await startNodeServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { connection: _hopByHop, ...forwarded } = req.headers;
      const headers = { ...forwarded, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
      let recorded = false;
      const record = (target: number, status: number) => {
        if (recorded) return;
        recorded = true;
        passed.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, target, status });
      };
      const fail = (target: number) => {
        record(target, 502);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
        else res.destroy();
      };
      const attempt = (tries: number) => {
        const target = next++ % targets.length;
        const upstream = request(new URL(req.url ?? '/', targets[target]), { method: req.method, headers, agent: false }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => record(target, answer.statusCode ?? 502));
          answer.on('error', () => fail(target));
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && tries + 1 < targets.length) attempt(tries + 1);
          else fail(error.code === 'ECONNREFUSED' ? -1 : target);
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  return { ...server, passed };
}
