/**
 * "Only the person at this machine": the demo outbox (/dev/…) shows every e-mail the application sent, password
 * reset links included, so reading it from elsewhere would take over any account.
 *
 * A request is local only when every piece of evidence says so:
 * - the TCP peer is a loopback address. `getClientAddress()` alone is not enough: with adapter-node's
 *   ADDRESS_HEADER it is read from a header (X-Forwarded-For…) that a client reaching the port directly forges;
 * - the client address is loopback too (behind a proxy that sets ADDRESS_HEADER, the peer is the proxy);
 * - no forwarding header: a proxy on this machine makes every remote visitor's peer address loopback;
 * - the Host header names a loopback host: a web page whose own name was rebound to 127.0.0.1 (DNS rebinding)
 *   reaches the port from the user's browser with its own name in Host.
 */
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { isApiPath } from '../../domain/route-guard.ts';
import { env } from '../env.ts';
import { refusal } from './response.ts';

const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** 127.0.0.0/8, ::1, and IPv4 loopback written as an IPv6-mapped address (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | null | undefined): boolean {
	if (!address) return false;
	const a = address
		.trim()
		.toLowerCase()
		.replace(/^\[|\]$/g, '');
	const v4 = a.startsWith('::ffff:') ? a.slice('::ffff:'.length) : a;
	return LOOPBACK_V4.test(v4) || a === '::1' || a === '0:0:0:0:0:0:0:1';
}

/** The host name of a Host header (`localhost:3000` → `localhost`, `[::1]:3000` → `::1`), lower-case. */
export function hostnameOf(host: string | null | undefined): string | null {
	if (!host) return null;
	const h = host.trim().toLowerCase();
	const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(h);
	if (bracketed) return bracketed[1]!;
	const match = /^([^:]+)(?::\d+)?$/.exec(h);
	return match ? match[1]!.replace(/\.$/, '') : null;
}

/** `localhost` and loopback addresses: the names under which this machine reaches itself. */
export function isLoopbackHostname(hostname: string | null | undefined): boolean {
	return hostname === 'localhost' || isLoopbackAddress(hostname);
}

/** Headers through which a proxy tells who its client was: their presence means the request was relayed. */
const FORWARDING_HEADERS = [
	'forwarded',
	'x-forwarded-for',
	'x-forwarded-host',
	'x-real-ip',
	'x-client-ip',
	'true-client-ip',
	'cf-connecting-ip',
	'via'
];

export interface RequestOrigin {
	/** The TCP peer's address. */
	peerAddress: string | undefined;
	/** What `getClientAddress()` answered (it throws when ADDRESS_HEADER names an absent header). */
	clientAddress: string | undefined;
	host: string | null;
	forwarded: boolean;
}

export function isLocalRequest(origin: RequestOrigin): boolean {
	return (
		isLoopbackAddress(origin.peerAddress) &&
		isLoopbackAddress(origin.clientAddress) &&
		!origin.forwarded &&
		isLoopbackHostname(hostnameOf(origin.host))
	);
}

type OriginEvent = Pick<RequestEvent, 'request' | 'getClientAddress' | 'platform'>;

export function requestOrigin(event: OriginEvent): RequestOrigin {
	let clientAddress: string | undefined;
	try {
		clientAddress = event.getClientAddress();
	} catch {
		clientAddress = undefined;
	}
	// adapter-node hands the Node request over as `platform.req`; Vite's dev server has no platform, and there
	// getClientAddress() is the socket's address (no ADDRESS_HEADER in dev).
	const platform = event.platform as { req?: { socket?: { remoteAddress?: string } } } | undefined;
	const peerAddress = platform?.req ? platform.req.socket?.remoteAddress : clientAddress;
	const headers = event.request.headers;
	return {
		peerAddress,
		clientAddress,
		host: headers.get('host'),
		forwarded: FORWARDING_HEADERS.some((name) => headers.has(name))
	};
}

/** Whether the dev outbox may answer this request: enabled (demo, dev) and asked from this very machine. */
export function devOutboxAllowed(event: OriginEvent): boolean {
	return env.devOutboxEnabled && isLocalRequest(requestOrigin(event));
}

const inDev = (pathname: string) => pathname === '/dev' || pathname.startsWith('/dev/');

/** Everything under /dev answers 404 to anyone but the person at the machine (the pages check again). */
export const handleDevRoutes: Handle = async ({ event, resolve }) => {
	if (inDev(event.url.pathname) && !devOutboxAllowed(event)) return refusal(event, 404, 'Page introuvable');
	return resolve(event);
};

/**
 * The demo's two names for this machine. With ORIGIN=http://localhost:3000, a browser that opened
 * http://127.0.0.1:3000 posts its forms with `Origin: http://127.0.0.1:3000`, which the cross-site check must
 * refuse, and its cookies belong to the other name. So a page asked under another loopback name of the same port
 * is redirected to ORIGIN's name. Only page navigations (GET, HEAD): API clients and health probes get their
 * answer where they asked.
 */
export function loopbackAliasRedirect(input: { method: string; url: URL; host: string | null }): string | null {
	const { method, url, host } = input;
	if (method !== 'GET' && method !== 'HEAD') return null;
	if (isApiPath(url.pathname) || url.pathname === '/health') return null;
	const asked = hostnameOf(host);
	const canonical = url.hostname.replace(/^\[|\]$/g, '');
	if (!asked || asked === canonical || !isLoopbackHostname(asked) || !isLoopbackHostname(canonical)) return null;
	const askedPort = /:(\d+)$/.exec(host ?? '')?.[1] ?? (url.protocol === 'https:' ? '443' : '80');
	const canonicalPort = url.port || (url.protocol === 'https:' ? '443' : '80');
	return askedPort === canonicalPort ? url.href : null;
}

export const handleLoopbackAlias: Handle = async ({ event, resolve }) => {
	const location = loopbackAliasRedirect({
		method: event.request.method,
		url: event.url,
		host: event.request.headers.get('host')
	});
	// 307 keeps the method (HEAD stays HEAD); temporary, since which name is canonical is configuration.
	if (location) return new Response(null, { status: 307, headers: { location } });
	return resolve(event);
};
