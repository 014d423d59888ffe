import { describe, expect, it } from 'vitest';
import { formatPhoneNational, normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
	it('normalises metropolitan numbers and tells mobiles apart', () => {
		expect(normalizePhone('06 12 34 56 78')).toEqual({ e164: '+33612345678', isMobile: true });
		expect(normalizePhone('03.21.12.34.56')).toEqual({ e164: '+33321123456', isMobile: false });
		expect(normalizePhone('0033 7 81 23 45 67')).toEqual({ e164: '+33781234567', isMobile: true });
	});

	it('finds the overseas region of a national number', () => {
		expect(normalizePhone('0692 12 34 56')).toEqual({ e164: '+262692123456', isMobile: true });
		expect(normalizePhone('0262 20 12 34')).toEqual({ e164: '+262262201234', isMobile: false });
		expect(normalizePhone('0690 12 34 56')).toEqual({ e164: '+590690123456', isMobile: true });
	});

	it('rejects what is not a phone number', () => {
		expect(normalizePhone('')).toBeNull();
		expect(normalizePhone('12345')).toBeNull();
		expect(normalizePhone('07 12 34 56 78')).toBeNull();
	});
});

describe('formatPhoneNational', () => {
	it('writes a stored number as French readers do, and leaves anything else as it is', () => {
		expect(formatPhoneNational('+33321000000')).toBe('03 21 00 00 00');
		expect(formatPhoneNational('+262262123456')).toBe('0262 12 34 56');
		expect(formatPhoneNational('pas un numéro')).toBe('pas un numéro');
	});
});
