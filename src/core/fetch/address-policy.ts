import { BlockList, isIP } from 'node:net';

/**
 * Which resolved addresses an outbound fetch may connect to. Checked on the resolved address
 * (not the host name) so that DNS tricks cannot reach what the name seems to avoid.
 */
export interface AddressPolicy {
  allowLoopback: boolean;
  allowPrivate: boolean;
  allowLinkLocal: boolean;
}

export const DEFAULT_ADDRESS_POLICY: AddressPolicy = { allowLoopback: true, allowPrivate: false, allowLinkLocal: false };

const blockList = (v4: readonly (readonly [string, number])[], v6: readonly (readonly [string, number])[] = []) => {
  const list = new BlockList();
  for (const [net, bits] of v4) list.addSubnet(net, bits, 'ipv4');
  for (const [net, bits] of v6) list.addSubnet(net, bits, 'ipv6');
  return list;
};

const loopback = blockList([['127.0.0.0', 8]], [['::1', 128]]);
const linkLocal = blockList([['169.254.0.0', 16]], [['fe80::', 10]]);
const privateRanges = blockList([['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]], [['fc00::', 7]]);

/**
 * Special-purpose ranges (IANA special-purpose registries, RFC 6890) that no issuer is served
 * from: never fetched, whatever the policy. Transition forms that *embed* an IPv4 address are
 * classified by that address instead (see embeddedIpv4), and Teredo's obfuscated form is refused.
 */
const reserved = blockList(
  [
    ['0.0.0.0', 8], // "this network"
    ['192.0.0.0', 24], // IETF protocol assignments
    ['192.0.2.0', 24], // documentation (TEST-NET-1)
    ['198.18.0.0', 15], // benchmarking
    ['198.51.100.0', 24], // documentation (TEST-NET-2)
    ['203.0.113.0', 24], // documentation (TEST-NET-3)
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
  ],
  [
    ['::', 128], // unspecified
    ['::', 96], // IPv4-compatible (deprecated)
    ['100::', 64], // discard-only
    ['2001::', 32], // Teredo
    ['2001:2::', 48], // benchmarking
    ['2001:db8::', 32], // documentation
    ['fec0::', 10], // site-local (deprecated)
    ['ff00::', 8], // multicast
  ],
);

/** The 16 bytes of an IPv6 address (`isIP(address) === 6`), dotted-quad tail included. */
function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? headParts : [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts];
  return groups.flatMap((g) => [(parseInt(g, 16) >> 8) & 0xff, parseInt(g, 16) & 0xff]);
}

const dotted = (bytes: number[]) => bytes.join('.');
const prefixIs = (bytes: number[], prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * The IPv4 address an IPv6 transition form carries: IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated
 * `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::/96` and `64:ff9b:1::/48` (RFC 6052/8215, low 32 bits) and
 * 6to4 `2002:aabb:ccdd::/48`. Such an address reaches what the IPv4 one reaches.
 */
export function embeddedIpv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  const bytes = ipv6Bytes(address);
  const zeros = (n: number) => Array<number>(n).fill(0);
  if (prefixIs(bytes, [...zeros(10), 0xff, 0xff])) return dotted(bytes.slice(12));
  if (prefixIs(bytes, [...zeros(8), 0xff, 0xff, 0, 0])) return dotted(bytes.slice(12));
  if (prefixIs(bytes, [0, 0x64, 0xff, 0x9b, ...zeros(8)])) return dotted(bytes.slice(12));
  if (prefixIs(bytes, [0, 0x64, 0xff, 0x9b, 0, 1])) return dotted(bytes.slice(12));
  if (prefixIs(bytes, [0x20, 0x02])) return dotted(bytes.slice(2, 6));
  return undefined;
}

export type AddressClass = 'loopback' | 'link-local' | 'private' | 'reserved' | 'public';

export function classifyAddress(address: string): AddressClass {
  const inner = embeddedIpv4(address);
  if (inner !== undefined) return classifyAddress(inner);
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (isIP(address) === 0) return 'reserved';
  if (loopback.check(address, family)) return 'loopback';
  if (linkLocal.check(address, family)) return 'link-local';
  if (privateRanges.check(address, family)) return 'private';
  if (reserved.check(address, family)) return 'reserved';
  return 'public';
}

export function addressAllowed(address: string, policy: AddressPolicy): boolean {
  switch (classifyAddress(address)) {
    case 'loopback':
      return policy.allowLoopback;
    case 'link-local':
      return policy.allowLinkLocal;
    case 'private':
      return policy.allowPrivate;
    case 'reserved':
      return false;
    default:
      return true;
  }
}
