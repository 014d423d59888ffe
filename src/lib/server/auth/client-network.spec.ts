import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientNetwork } from './client-network.ts';

/** Eight 16-bit groups, written out in full: the reference form the property compares against. */
const groups = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
const full = (g: number[]) => g.map((x) => x.toString(16)).join(':');
/** The same address in RFC 5952 short form (longest zero run as `::`), as platforms report it. */
function short(g: number[]): string {
	let best = { at: -1, len: 0 };
	for (let i = 0; i < 8;) {
		if (g[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && g[j] === 0) j++;
		if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
		i = j;
	}
	if (best.at === -1) return full(g);
	const hex = (part: number[]) => part.map((x) => x.toString(16)).join(':');
	return `${hex(g.slice(0, best.at))}::${hex(g.slice(best.at + best.len))}`;
}
const notMapped = (g: number[]) => !(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff);

describe('clientNetwork', () => {
	it('keeps IPv4 addresses and unknown values as they are', () => {
		expect(clientNetwork('192.0.2.7')).toBe('192.0.2.7');
		expect(clientNetwork(' 192.0.2.7 ')).toBe('192.0.2.7');
		expect(clientNetwork('unknown')).toBe('unknown');
	});

	it('reads an IPv4-mapped IPv6 address as the IPv4 address', () => {
		expect(clientNetwork('::ffff:192.0.2.7')).toBe('192.0.2.7');
		expect(clientNetwork('::FFFF:c000:0207')).toBe('192.0.2.7');
	});

	it('groups IPv6 addresses by /64', () => {
		expect(clientNetwork('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
		expect(clientNetwork('2001:DB8:1:2:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
		expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
		expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
		expect(clientNetwork('64:ff9b::192.0.2.7')).toBe('64:ff9b:0:0::/64');
	});

	it('gives every address of one /64 the same key, whatever its spelling', () => {
		fc.assert(
			fc.property(groups, groups, (a, b) => {
				const sameNetwork = [...a.slice(0, 4), ...b.slice(4)];
				fc.pre(notMapped(a) && notMapped(sameNetwork));
				const key = clientNetwork(full(a));
				expect(clientNetwork(short(a))).toBe(key);
				expect(clientNetwork(short(sameNetwork).toUpperCase())).toBe(key);
			})
		);
	});

	it('gives addresses of different /64 networks different keys', () => {
		fc.assert(
			fc.property(groups, groups, (a, b) => {
				fc.pre(notMapped(a) && notMapped(b) && full(a.slice(0, 4)) !== full(b.slice(0, 4)));
				expect(clientNetwork(short(a))).not.toBe(clientNetwork(short(b)));
			})
		);
	});

	it('never merges two IPv4 addresses', () => {
		fc.assert(
			fc.property(fc.ipV4(), fc.ipV4(), (a, b) => {
				fc.pre(a !== b);
				expect(clientNetwork(a)).toBe(a);
				expect(clientNetwork(`::ffff:${a}`)).toBe(a);
				expect(clientNetwork(a)).not.toBe(clientNetwork(b));
			})
		);
	});
});
