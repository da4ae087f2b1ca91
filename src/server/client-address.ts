import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * Who is asking, for per-client limits: the address of the TCP peer as
 * @hono/node-server saw it. X-Forwarded-For is a header any client can write,
 * so it counts only when the operator says how many proxies of their own sit in
 * front (`trustProxyHops`, TRUST_PROXY_HOPS): each appends the address it saw,
 * so the entry that many places from the right is the one the outermost of them
 * saw, and everything to its left is the client's own claim. IPv6 clients are
 * counted per /64, the block one subscriber usually holds, so rotating through
 * it does not buy a fresh budget. 'unknown' when the handler runs without a
 * Node socket (a Fetch-API host that passes none).
 */
export function clientAddress(c: Context, trustProxyHops = 0): string {
  if (trustProxyHops > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const seen = hops[hops.length - trustProxyHops];
    if (seen && isIP(seen)) return bucket(seen);
  }
  try {
    const address = getConnInfo(c).remote.address;
    return address && isIP(address) ? bucket(address) : 'unknown';
  } catch {
    return 'unknown';
  }
}

function bucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) === 4) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).join(':')}::/64`;
}
