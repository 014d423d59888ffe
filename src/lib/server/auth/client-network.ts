/**
 * The subject of per-address rate limits: the network a client is in rather than its exact address.
 *
 * An IPv4 address is one subscriber (or one office behind NAT). An IPv6 subscriber gets at least a /64 and picks
 * any address in it at will (privacy addresses change daily; an attacker can use a new one per request), so
 * counting exact IPv6 addresses would give every guess a fresh budget. The /64 is what one client controls.
 */
import ipaddr from 'ipaddr.js';

/** IPv4 as is; IPv4-mapped IPv6 (`::ffff:192.0.2.1`) as the IPv4 it carries; IPv6 as its /64; anything else unchanged. */
export function clientNetwork(address: string): string {
	const trimmed = address.trim().toLowerCase();
	// A zone index (`fe80::1%eth0`) names the local interface, not part of the address.
	const raw = trimmed.replace(/%.*$/, '');
	if (ipaddr.IPv4.isValidFourPartDecimal(raw)) return raw;
	if (!ipaddr.IPv6.isValid(raw)) return trimmed;
	const v6 = ipaddr.IPv6.parse(raw);
	if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
	return `${v6.parts
		.slice(0, 4)
		.map((g) => g.toString(16))
		.join(':')}::/64`;
}
