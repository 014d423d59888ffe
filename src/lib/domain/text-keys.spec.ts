import { describe, expect, it } from 'vitest';
import { nameBirthKey, normalizeText, slugify } from './text-keys.ts';

describe('text keys', () => {
	it('ignores accents, case, ligatures and punctuation', () => {
		expect(normalizeText('  Éloïse  DE-LA Tour ')).toBe('eloise de la tour');
		expect(normalizeText('Lætitia Cœur')).toBe('laetitia coeur');
	});

	it('builds the duplicate key only with a birth date', () => {
		expect(nameBirthKey('Hélène', 'Lefèvre', '1980-04-02')).toBe(nameBirthKey('helene', 'LEFEVRE', '1980-04-02'));
		expect(nameBirthKey('Hélène', 'Lefèvre', undefined)).toBeUndefined();
	});

	it('slugifies organisation names', () => {
		expect(slugify('CCAS de Béthune')).toBe('ccas-de-bethune');
		expect(slugify("MDS d'Arras")).toBe('mds-d-arras');
	});
});
