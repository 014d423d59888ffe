import { describe, expect, it } from 'vitest';
import { isEmbeddedFunnel, usagerCookieOptions } from './usager-session.ts';

describe('usagerCookieOptions', () => {
	it('is HttpOnly and SameSite=Lax on the site itself, Secure over https', () => {
		expect(usagerCookieOptions(false, true)).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/' });
		expect(usagerCookieOptions(false, false)).toEqual({ httpOnly: true, sameSite: 'lax', secure: false, path: '/' });
	});

	it('is SameSite=None, Secure and Partitioned inside a partner’s frame over https only', () => {
		expect(usagerCookieOptions(true, true)).toEqual({
			httpOnly: true,
			sameSite: 'none',
			secure: true,
			partitioned: true,
			path: '/'
		});
		// SameSite=None without Secure is refused by browsers: over plain http it stays Lax.
		expect(usagerCookieOptions(true, false)).toMatchObject({ sameSite: 'lax', secure: false });
	});
});

describe('isEmbeddedFunnel', () => {
	it('reads the funnel’s embed parameter', () => {
		expect(isEmbeddedFunnel(new URL('https://g.fr/prendre-rdv/identification?departement=62&embed=1'))).toBe(true);
		expect(isEmbeddedFunnel(new URL('https://g.fr/prendre-rdv/identification?departement=62'))).toBe(false);
		expect(isEmbeddedFunnel(new URL('https://g.fr/prendre-rdv?embed=true'))).toBe(false);
	});
});
