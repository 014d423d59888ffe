import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	hostnameOf,
	isLocalRequest,
	isLoopbackAddress,
	isLoopbackHostname,
	loopbackAliasRedirect,
	type RequestOrigin
} from './loopback.ts';

const local: RequestOrigin = {
	peerAddress: '127.0.0.1',
	clientAddress: '127.0.0.1',
	host: 'localhost:3000',
	forwarded: false
};

describe('loopback addresses and names', () => {
	it('knows the loopback addresses, IPv4, IPv6 and mapped', () => {
		for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '[::1]', '0:0:0:0:0:0:0:1']) {
			expect(isLoopbackAddress(a), a).toBe(true);
		}
		for (const a of [
			'10.0.0.1',
			'192.168.1.2',
			'::ffff:10.0.0.1',
			'0.0.0.0',
			'1127.0.0.1',
			'127.0.0.1.evil',
			'',
			undefined
		]) {
			expect(isLoopbackAddress(a), String(a)).toBe(false);
		}
	});

	it('reads the host name of a Host header', () => {
		expect(hostnameOf('localhost:3000')).toBe('localhost');
		expect(hostnameOf('LOCALHOST')).toBe('localhost');
		expect(hostnameOf('[::1]:3000')).toBe('::1');
		expect(hostnameOf('127.0.0.1')).toBe('127.0.0.1');
		expect(hostnameOf(null)).toBeNull();
		expect(isLoopbackHostname('localhost')).toBe(true);
		expect(isLoopbackHostname('localhost.evil.example')).toBe(false);
	});
});

describe('isLocalRequest', () => {
	it('accepts a request from this machine', () => {
		expect(isLocalRequest(local)).toBe(true);
		expect(isLocalRequest({ ...local, peerAddress: '::1', clientAddress: '::1', host: '[::1]:3000' })).toBe(true);
	});

	it('refuses a remote peer even when ADDRESS_HEADER makes the client address look local (forged X-Forwarded-For)', () => {
		expect(isLocalRequest({ ...local, peerAddress: '203.0.113.7' })).toBe(false);
	});

	it('refuses a remote client behind a proxy of this machine, and any relayed request', () => {
		expect(isLocalRequest({ ...local, clientAddress: '203.0.113.7' })).toBe(false);
		expect(isLocalRequest({ ...local, forwarded: true })).toBe(false);
	});

	it('refuses another site’s name (DNS rebinding) and an unknown client address', () => {
		expect(isLocalRequest({ ...local, host: 'evil.example:3000' })).toBe(false);
		expect(isLocalRequest({ ...local, host: null })).toBe(false);
		expect(isLocalRequest({ ...local, clientAddress: undefined })).toBe(false);
	});

	it('is local only when every piece of evidence is', () => {
		const address = fc.constantFrom('127.0.0.1', '::1', '203.0.113.7', '10.0.0.2', '::ffff:192.168.0.1', '');
		const host = fc.constantFrom('localhost:3000', '127.0.0.1:3000', 'evil.example', 'guichet.example.fr:443', '');
		fc.assert(
			fc.property(address, address, host, fc.boolean(), (peerAddress, clientAddress, h, forwarded) => {
				const origin = { peerAddress, clientAddress, host: h, forwarded };
				const everyPieceLocal =
					isLoopbackAddress(peerAddress) &&
					isLoopbackAddress(clientAddress) &&
					!forwarded &&
					/^(localhost|127\.0\.0\.1):/.test(h);
				expect(isLocalRequest(origin)).toBe(everyPieceLocal);
			})
		);
	});
});

describe('loopbackAliasRedirect', () => {
	const url = new URL('http://localhost:3000/connexion?redirectTo=%2Fagents');

	it('sends a page asked as 127.0.0.1 to ORIGIN’s name, same path and query', () => {
		expect(loopbackAliasRedirect({ method: 'GET', url, host: '127.0.0.1:3000' })).toBe(
			'http://localhost:3000/connexion?redirectTo=%2Fagents'
		);
		expect(loopbackAliasRedirect({ method: 'HEAD', url, host: '[::1]:3000' })).toBe(url.href);
	});

	it('leaves alone the right name, other ports, other hosts, writes, the API and health probes', () => {
		expect(loopbackAliasRedirect({ method: 'GET', url, host: 'localhost:3000' })).toBeNull();
		expect(loopbackAliasRedirect({ method: 'GET', url, host: '127.0.0.1:4000' })).toBeNull();
		expect(loopbackAliasRedirect({ method: 'GET', url, host: 'evil.example:3000' })).toBeNull();
		expect(loopbackAliasRedirect({ method: 'POST', url, host: '127.0.0.1:3000' })).toBeNull();
		const api = new URL('http://localhost:3000/api/v1/me');
		expect(loopbackAliasRedirect({ method: 'GET', url: api, host: '127.0.0.1:3000' })).toBeNull();
		const health = new URL('http://localhost:3000/health');
		expect(loopbackAliasRedirect({ method: 'GET', url: health, host: '127.0.0.1:3000' })).toBeNull();
	});

	it('never redirects when ORIGIN is a real site (production behind a proxy)', () => {
		const prod = new URL('https://guichet.example.fr/connexion');
		expect(loopbackAliasRedirect({ method: 'GET', url: prod, host: '127.0.0.1:3000' })).toBeNull();
	});
});
