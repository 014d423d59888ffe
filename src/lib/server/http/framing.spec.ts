import { describe, expect, it } from 'vitest';
import { allowFraming, isFrameablePath } from './framing.ts';

describe('isFrameablePath', () => {
	it('lets the booking funnel and the organisations’ links be framed', () => {
		for (const path of [
			'/prendre-rdv',
			'/prendre-rdv/',
			'/prendre-rdv/identification',
			'/prendre-rdv/confirmation',
			'/prendre-rdv/rdv/0123456789abcdef01234567',
			'/org/0123456789abcdef01234567',
			'/org/0123456789abcdef01234567/mds-arras'
		]) {
			expect(isFrameablePath(path), path).toBe(true);
		}
	});

	it('keeps every other page unframeable, including look-alike prefixes', () => {
		for (const path of [
			'/',
			'/connexion',
			'/agents',
			'/agents/org/0123456789abcdef01234567/agenda',
			'/mon-espace',
			'/usager/connexion',
			'/api/v1/public/motifs',
			'/prendre-rdv-faux',
			'/organisation',
			'/orgs/x',
			'/dev/emails'
		]) {
			expect(isFrameablePath(path), path).toBe(false);
		}
	});
});

describe('allowFraming', () => {
	it('opens frame-ancestors only, leaving the other directives as they were', () => {
		const csp =
			"default-src 'self'; script-src 'self' 'nonce-abc'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";
		expect(allowFraming(csp)).toBe(
			"default-src 'self'; script-src 'self' 'nonce-abc'; frame-ancestors *; form-action 'self'; base-uri 'self'"
		);
	});

	it('works when frame-ancestors is the last directive', () => {
		expect(allowFraming("default-src 'self'; frame-ancestors 'none'")).toBe("default-src 'self'; frame-ancestors *");
	});
});
