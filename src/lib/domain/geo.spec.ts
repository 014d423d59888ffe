import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { departementFromQuery, departementName, departementOfPostcode, departementOfText, distanceKm } from './geo.ts';

describe('departementOfPostcode', () => {
	it('takes the first two digits in metropolitan France', () => {
		expect(departementOfPostcode('62000')).toBe('62');
		expect(departementOfPostcode('01000')).toBe('01');
		expect(departementOfPostcode('75015')).toBe('75');
	});

	it('splits Corsica between Corse-du-Sud and Haute-Corse', () => {
		expect(departementOfPostcode('20000')).toBe('2A');
		expect(departementOfPostcode('20167')).toBe('2A');
		expect(departementOfPostcode('20200')).toBe('2B');
		expect(departementOfPostcode('20600')).toBe('2B');
	});

	it('takes three digits overseas and none for 98x or malformed codes', () => {
		expect(departementOfPostcode('97400')).toBe('974');
		expect(departementOfPostcode('97600')).toBe('976');
		expect(departementOfPostcode('97800')).toBeNull();
		expect(departementOfPostcode('98000')).toBeNull();
		expect(departementOfPostcode('98800')).toBeNull();
		expect(departementOfPostcode('00100')).toBeNull();
		expect(departementOfPostcode('6200')).toBeNull();
		expect(departementOfPostcode('620000')).toBeNull();
	});

	it('always answers a known département for metropolitan codes', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1000, max: 95999 }), (n) => {
				const d = departementOfPostcode(String(n).padStart(5, '0'));
				return d !== null && departementName(d) !== undefined;
			})
		);
	});
});

describe('departementOfText', () => {
	it('reads numbers, padded, and Corsica letters', () => {
		expect(departementOfText('62')).toBe('62');
		expect(departementOfText(' 6 ')).toBe('06');
		expect(departementOfText('2a')).toBe('2A');
		expect(departementOfText('974')).toBe('974');
	});

	it('refuses numbers that are no département', () => {
		expect(departementOfText('20')).toBeNull();
		expect(departementOfText('96')).toBeNull();
		expect(departementOfText('977')).toBeNull();
		expect(departementOfText('0')).toBeNull();
	});

	it('reads names whatever the case, accents and hyphens', () => {
		expect(departementOfText('Pas-de-Calais')).toBe('62');
		expect(departementOfText('pas de calais')).toBe('62');
		expect(departementOfText('La Réunion')).toBe('974');
		expect(departementOfText('reunion')).toBe('974');
		expect(departementOfText('HAUTE-CORSE')).toBe('2B');
		expect(departementOfText('Côte d’Or')).toBe('21');
		expect(departementOfText('Arras')).toBeNull();
	});
});

describe('departementFromQuery', () => {
	it('derives the département from the last postcode of an address', () => {
		expect(departementFromQuery('8 place du Théâtre, 62000 Arras')).toEqual({ departement: '62', postcode: '62000' });
		expect(departementFromQuery('12 rue de Paris 20090 Ajaccio')).toEqual({ departement: '2A', postcode: '20090' });
		expect(departementFromQuery('1 allée des Lilas 97490 Sainte-Clotilde')).toEqual({
			departement: '974',
			postcode: '97490'
		});
	});

	it('takes a bare département first and gives up on text without either', () => {
		expect(departementFromQuery('Nord')).toEqual({ departement: '59' });
		expect(departementFromQuery('59')).toEqual({ departement: '59' });
		expect(departementFromQuery('rue sans code')).toBeNull();
		expect(departementFromQuery('98000 Monaco')).toBeNull();
		expect(departementFromQuery('tél 0612345678')).toBeNull();
	});
});

describe('distanceKm', () => {
	it('measures Arras → Lens (about 15 km) and zero for one point', () => {
		const arras = { latitude: 50.2907, longitude: 2.7794 };
		const lens = { latitude: 50.4318, longitude: 2.8296 };
		expect(distanceKm(arras, lens)).toBeGreaterThan(15);
		expect(distanceKm(arras, lens)).toBeLessThan(17);
		expect(distanceKm(arras, arras)).toBe(0);
	});

	it('is symmetric and never negative', () => {
		const point = fc.record({
			latitude: fc.double({ min: -90, max: 90, noNaN: true }),
			longitude: fc.double({ min: -180, max: 180, noNaN: true })
		});
		fc.assert(
			fc.property(point, point, (a, b) => {
				const d = distanceKm(a, b);
				return d >= 0 && d <= 20_040 && d === distanceKm(b, a);
			})
		);
	});
});
