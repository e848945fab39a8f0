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

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const linkLocal = new BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');

const privateRanges = new BlockList();
for (const [net, bits] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10], ['0.0.0.0', 8]] as const) {
  privateRanges.addSubnet(net, bits, 'ipv4');
}
privateRanges.addSubnet('fc00::', 7, 'ipv6');
privateRanges.addAddress('::', 'ipv6');

export type AddressClass = 'loopback' | 'link-local' | 'private' | 'public';

export function classifyAddress(address: string): AddressClass {
  const mapped = address.toLowerCase().startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(mapped) === 6 ? 'ipv6' : 'ipv4';
  if (loopback.check(mapped, family)) return 'loopback';
  if (linkLocal.check(mapped, family)) return 'link-local';
  if (privateRanges.check(mapped, family)) return 'private';
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
    default:
      return true;
  }
}
