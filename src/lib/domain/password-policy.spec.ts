import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	PASSWORD_MESSAGES,
	commonPasswordCandidates,
	isRepetitive,
	normalizePassword,
	passwordPolicyError
} from './password-policy.ts';

const common = new Set(['soleil', 'azerty', 'motdepasse', 'motdepasse123', 'azertyuiopqsdf']);
const check = (pw: string, email?: string) => passwordPolicyError(pw, { email, commonPasswords: common });

describe('passwordPolicyError', () => {
	it('accepts a long, unusual password', () => {
		expect(check('Guichet-Demo-2026')).toBeNull();
		expect(check('cheval correct agrafe')).toBeNull();
	});

	it('requires a value and at least 12 characters', () => {
		expect(check('')).toBe(PASSWORD_MESSAGES.required);
		expect(check('Tr0mpette!x')).toBe(PASSWORD_MESSAGES.tooShort);
		expect(check('Tr0mpette!xy')).toBeNull();
	});

	it('counts characters, not UTF-16 units', () => {
		// 11 emoji are 22 UTF-16 units but 11 characters.
		expect(check('🐢🦊🐙🦉🐝🦔🐳🦋🐞🦜🐌')).toBe(PASSWORD_MESSAGES.tooShort);
	});

	it('refuses oversized input', () => {
		expect(check('x7Kq!'.repeat(60))).toBe(PASSWORD_MESSAGES.tooLong);
	});

	it('refuses common passwords, whatever the case and accents', () => {
		expect(check('MOTDEPASSE123')).toBe(PASSWORD_MESSAGES.common);
		expect(check('AzertyUiopQsdf')).toBe(PASSWORD_MESSAGES.common);
	});

	it('refuses a common word dressed up with digits and symbols', () => {
		expect(check('Soleil2024!!!')).toBe(PASSWORD_MESSAGES.common);
		expect(check('azerty123456')).toBe(PASSWORD_MESSAGES.common);
		expect(check('!!Sôleil1234')).toBe(PASSWORD_MESSAGES.common);
	});

	it('refuses passwords made mostly of one character', () => {
		expect(check('aaaaaaaaaaaa')).toBe(PASSWORD_MESSAGES.repetitive);
		expect(check('aaaaaaaaaaab')).toBe(PASSWORD_MESSAGES.repetitive);
		expect(check('abababababab')).toBe(PASSWORD_MESSAGES.repetitive);
	});

	it('refuses the email address or its local part', () => {
		expect(check('Camille.Martin@mds.fr', 'camille.martin@mds.fr')).toBe(PASSWORD_MESSAGES.email);
		expect(check('camille.martin', 'camille.martin@mds.fr')).toBe(PASSWORD_MESSAGES.email);
		expect(check('camille.martin.2026', 'camille.martin@mds.fr')).toBeNull();
	});
});

describe('helpers', () => {
	it('normalizes case and accents', () => {
		expect(normalizePassword('ÉtéSÔLEIL')).toBe('etesoleil');
	});

	it('extracts the core word only when something surrounds it', () => {
		expect(commonPasswordCandidates('Soleil2024')).toEqual(['soleil2024', 'soleil']);
		expect(commonPasswordCandidates('soleil')).toEqual(['soleil']);
		expect(commonPasswordCandidates('12abc34')).toEqual(['12abc34']);
	});

	it('never calls a password with many distinct characters repetitive when no character dominates', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), { minLength: 4 }),
				(chars) => {
					expect(isRepetitive(chars.join(''))).toBe(false);
				}
			)
		);
	});

	it('accepts any password of 12+ distinct characters when no list or email matches', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fc.constantFrom(...'bcdfghjklmnpqrstvwxz23456789#%'), { minLength: 12, maxLength: 30 }),
				(chars) => {
					expect(passwordPolicyError(chars.join(''), { commonPasswords: new Set() })).toBeNull();
				}
			)
		);
	});
});
