/**
 * SSRF guard: which addresses an outbound call may reach. User-configured URLs must not
 * reach the instance metadata service, the Lambda runtime, or private networks, unless the
 * host is listed in the config's `allowHosts`. Locally, loopback is allowed (targets and
 * fakes run on 127.0.0.1).
 */
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 (metadata) and 169.254.170.2 (container credentials)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
blocked.addAddress('::', 'ipv6');
blocked.addAddress('::1', 'ipv6');
blocked.addSubnet('fc00::', 7, 'ipv6'); // unique local, incl. fd00:ec2::254 (metadata over IPv6)
blocked.addSubnet('fe80::', 10, 'ipv6'); // link-local
blocked.addSubnet('ff00::', 8, 'ipv6'); // multicast
blocked.addSubnet('64:ff9b::', 96, 'ipv6'); // NAT64 can embed a private IPv4
// the other forms that carry an IPv4 inside an IPv6 address (all deprecated or transitional)
blocked.addSubnet('::', 96, 'ipv6'); // IPv4-compatible, ::a.b.c.d
blocked.addSubnet('2002::', 16, 'ipv6'); // 6to4
blocked.addSubnet('2001::', 32, 'ipv6'); // Teredo

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

export interface AddressPolicy {
  /** host names (or `*.domain`) that may resolve to private addresses */
  allowHosts: string[];
  /** local runtime: 127.0.0.0/8 and ::1 are fine */
  allowLoopback: boolean;
}

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) is checked as the IPv4 it maps to (BlockList does that). */
export function isBlockedAddress(address: string, policy: Pick<AddressPolicy, 'allowLoopback'>): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = familyOf(bare);
  if (policy.allowLoopback && loopback.check(bare, family)) return false;
  return blocked.check(bare, family);
}

export function isAllowedHost(hostname: string, allowHosts: string[]): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
  return allowHosts.some((entry) => {
    const allowed = entry.toLowerCase().replace(/\.$/, '');
    if (allowed.startsWith('*.')) return host.endsWith(allowed.slice(1)) && host.length > allowed.length - 1;
    return host === allowed;
  });
}
