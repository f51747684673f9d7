import ipaddr from "ipaddr.js";

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether an outbound request made on a merchant's say-so may connect to this IP address.
 * Only public unicast addresses pass: loopback, link-local (169.254.0.0/16, where cloud metadata
 * lives), private, unique-local, carrier-grade NAT, multicast, reserved and every other special
 * range ipaddr.js knows are refused. An IPv4-mapped IPv6 address is judged by its IPv4 part.
 */
export function checkAddress(address: string): AddressVerdict {
  if (!ipaddr.isValid(address)) return { ok: false, reason: `not an IP address: ${address}` };
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  const range = ip.range();
  return range === "unicast" ? { ok: true } : { ok: false, reason: `${address} is a ${range} address` };
}
