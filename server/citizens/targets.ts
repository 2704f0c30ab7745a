// Where an outbound webhook may go (CONTRACT.md §6.1, MOTCUA_WEBHOOK_ALLOW): http(s) only,
// and never to a private, loopback, link-local or otherwise internal address — the server
// must not be turned into a probe of its own network (SSRF) — unless the host is allowed
// by name or address. Checked when the webhook is registered and again before every
// send (a name may resolve elsewhere later).
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const internal = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(net, prefix, 'ipv6');
}

function isInternal(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return internal.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Null when the URL may be called; otherwise the host refused (for the error message). */
export async function refusedTarget(url: string, allow: readonly string[]): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.slice(0, 100);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return parsed.protocol;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allow.includes(host)) return null;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch {
    return host;
  }
  if (addresses.length === 0) return host;
  for (const address of addresses) if (isInternal(address) && !allow.includes(address.toLowerCase())) return host;
  return null;
}
