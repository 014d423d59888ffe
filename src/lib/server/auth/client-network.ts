/**
 * The subject of per-address rate limits: the network a client is in rather than its exact address.
 *
 * An IPv4 address is one subscriber (or one office behind NAT). An IPv6 subscriber gets at least a /64 and picks
 * any address in it at will (privacy addresses change daily; an attacker can use a new one per request), so
 * counting exact IPv6 addresses would give every guess a fresh budget. The /64 is what one client controls.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 as is; IPv4-mapped IPv6 (`::ffff:192.0.2.1`) as the IPv4 it carries; IPv6 as its /64; anything else unchanged. */
export function clientNetwork(address: string): string {
	const trimmed = address.trim().toLowerCase();
	// A zone index (`fe80::1%eth0`) names the local interface, not part of the address.
	const raw = trimmed.replace(/%.*$/, '');
	if (isIPv4(raw)) return raw;
	if (!isIPv6(raw)) return trimmed;
	const groups = ipv6Groups(raw);
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
		return `${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
	}
	return `${groups
		.slice(0, 4)
		.map((g) => g.toString(16))
		.join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` expanded and a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
	let text = address;
	const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (tail) {
		const [a, b, c, d] = tail.slice(1).map(Number);
		text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head, rest] = text.split('::') as [string, string | undefined];
	const parse = (part: string) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
	const left = parse(head);
	if (rest === undefined) return left;
	const right = parse(rest);
	return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
