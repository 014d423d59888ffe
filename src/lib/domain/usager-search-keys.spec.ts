import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';
import { normalizeText } from './text-keys.ts';
import type { UsagerDto } from './dto.ts';
import {
	MAX_PREFIX,
	byCode,
	lastNameBucket,
	matchesUsagerQuery,
	packEntries,
	parseTypedDate,
	parseUsagerQuery,
	queryListPrefix,
	queryScore,
	rankEntries,
	scopedKeys,
	searchEntry,
	searchListPrefixes,
	sortName,
	unpackEntries,
	usagerSearchKeys,
	type UsagerKeyFields
} from './usager-search-keys.ts';

const eloise: UsagerKeyFields = {
	firstName: 'Éloïse',
	lastName: 'de La Tour',
	birthName: 'Lefèvre',
	email: 'Eloise@Exemple.fr',
	phone: '+33612345678',
	birthDate: '1990-05-04'
};

/** Whether the usager is found by the typed query (what the service does after its equality selection). */
const finds = (u: UsagerKeyFields, q: string) => {
	const query = parseUsagerQuery(q);
	return !!query && matchesUsagerQuery({ ...u, searchKeys: usagerSearchKeys(u) }, query);
};

describe('usagerSearchKeys', () => {
	it('holds name prefixes of 2+ characters, phone forms, e-mail and birth-date forms', () => {
		const keys = usagerSearchKeys(eloise);
		for (const k of ['n:el', 'n:eloise', 'n:de', 'n:la', 'n:to', 'n:tour', 'n:le', 'n:lefevre'])
			expect(keys).toContain(k);
		expect(keys).not.toContain('n:e');
		expect(keys).not.toContain('n:our');
		expect(keys).toContain('t:+33612345678');
		expect(keys).toContain('t:0612345678');
		expect(keys).toContain('e:eloise@exemple.fr');
		expect(keys).toContain('d:1990-05-04');
		expect(keys).toContain('d:04/05/1990');
		expect(keys).toEqual([...new Set(keys)].sort());
	});

	it('stores each key once per organisation, prefixed with it', () => {
		expect(scopedKeys(['o1', 'o2'], ['n:ab', 't:+33612345678'])).toEqual([
			'o1:n:ab',
			'o1:t:+33612345678',
			'o2:n:ab',
			'o2:t:+33612345678'
		]);
		expect(scopedKeys([], ['n:ab'])).toEqual([]);
	});

	it('gives overseas numbers their national form', () => {
		expect(usagerSearchKeys({ firstName: 'A', lastName: 'B', phone: '+262692123456' })).toEqual(
			expect.arrayContaining(['t:+262692123456', 't:0692123456'])
		);
	});
});

describe('parseUsagerQuery', () => {
	it('reads each kind of typed value', () => {
		expect(parseUsagerQuery('LOUIS@exemple.fr')?.keys).toEqual(['e:louis@exemple.fr']);
		expect(parseUsagerQuery('06 12 34 56 78')?.keys).toEqual(['t:+33612345678']);
		expect(parseUsagerQuery('06.12.34.56.78')?.keys).toEqual(['t:+33612345678']);
		expect(parseUsagerQuery('+33612345678')?.keys).toEqual(['t:+33612345678']);
		expect(parseUsagerQuery('4/5/1990')?.keys).toEqual(['d:1990-05-04']);
		expect(parseUsagerQuery('1990-05-04')?.keys).toEqual(['d:1990-05-04']);
		expect(parseUsagerQuery('Tour  Éloïse')).toEqual({ keys: ['n:eloise', 'n:tour'], words: ['tour', 'eloise'] });
	});

	it('puts the most selective key first', () => {
		expect(parseUsagerQuery('ma 06 12 34 56 78 martin')?.keys).toEqual(['t:+33612345678', 'n:martin', 'n:ma']);
		expect(parseUsagerQuery('ma 04/05/1990')?.keys[0]).toBe('d:1990-05-04');
	});

	it('finds nothing to search in 1-letter words or blanks', () => {
		expect(parseUsagerQuery('   ')).toBeNull();
		expect(parseUsagerQuery('a b')).toBeNull();
	});

	it('rejects impossible dates', () => {
		expect(parseTypedDate('31/02/1990')).toBeNull();
		expect(parseTypedDate('1990-13-01')).toBeNull();
	});
});

describe('matching', () => {
	it('finds by word starts, phone, e-mail and date, together', () => {
		expect(finds(eloise, 'eloise')).toBe(true);
		expect(finds(eloise, 'TOUR elo')).toBe(true);
		expect(finds(eloise, 'lefevre')).toBe(true);
		expect(finds(eloise, 'our')).toBe(false);
		expect(finds(eloise, 'tour martin')).toBe(false);
		expect(finds(eloise, 'tour 04/05/1990')).toBe(true);
		expect(finds(eloise, 'tour 05/04/1990')).toBe(false);
		expect(finds(eloise, '0612345678')).toBe(true);
		expect(finds(eloise, 'eloise@exemple.fr')).toBe(true);
	});

	it('checks words longer than the stored prefixes in full', () => {
		const long = { firstName: 'Jean', lastName: 'Abcdefghijklmnopqrstuvwxyz' };
		expect(finds(long, 'abcdefghijklmnopqrstuvwxyz')).toBe(true);
		expect(finds(long, 'abcdefghijklmnopqrstXXX')).toBe(false);
		expect(
			usagerSearchKeys(long)
				.filter((k) => k.startsWith('n:ab'))
				.at(-1)?.length
		).toBe(2 + MAX_PREFIX);
	});

	it('ranks whole words first', () => {
		const q = parseUsagerQuery('tour')!;
		expect(queryScore({ firstName: 'Louis', lastName: 'Tourneur' }, q)).toBe(0);
		expect(queryScore(eloise, q)).toBe(1);
	});
});

describe('properties', () => {
	const name = fc.stringMatching(/^[A-Za-zÀ-ÿ' -]{1,30}$/);
	const day = fc
		.date({ min: new Date('1920-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
		.map((d) => d.toISOString().slice(0, 10));

	it('an usager is found by any 2+ character start of any of its name words, in any case', () => {
		fc.assert(
			fc.property(name, name, fc.nat(), fc.nat(), (firstName, lastName, i, n) => {
				const u = { firstName, lastName };
				const words = normalizeText(`${lastName} ${firstName}`)
					.split(' ')
					.filter((w) => w.length >= 2);
				fc.pre(words.length > 0);
				const word = words[i % words.length];
				const prefix = word.slice(0, 2 + (n % (word.length - 1)));
				expect(finds(u, prefix.toUpperCase())).toBe(true);
			})
		);
	});

	it('an usager is found by its birth date typed either way, and its phone typed nationally', () => {
		fc.assert(
			fc.property(day, fc.integer({ min: 10_000_000, max: 99_999_999 }), (birthDate, tail) => {
				// Stored phones are normalised (0692… is a Réunion number, not a metropolitan one).
				const phone = normalizePhone(`06${tail}`)?.e164;
				fc.pre(phone !== undefined);
				const u = { firstName: 'A', lastName: 'B', birthDate, phone };
				const [y, m, d] = birthDate.split('-');
				expect(finds(u, `${d}/${m}/${y}`)).toBe(true);
				expect(finds(u, birthDate)).toBe(true);
				expect(finds(u, `06 ${String(tail).replace(/(\d\d)(?=\d)/g, '$1 ')}`)).toBe(true);
				expect(finds(u, phone!)).toBe(true);
			})
		);
	});

	it('a query never finds an usager missing one of its keys', () => {
		fc.assert(
			fc.property(name, name, name, (firstName, lastName, typed) => {
				const u = { firstName, lastName };
				const query = parseUsagerQuery(typed);
				fc.pre(query !== null);
				const stored = usagerSearchKeys(u);
				if (finds(u, typed)) expect(query!.keys.every((k) => stored.includes(k))).toBe(true);
				else
					expect(query!.keys.every((k) => stored.includes(k)) && query!.words.every((w) => w.length <= 20)).toBe(false);
			})
		);
	});

	it('sorts a last name before its longer continuations', () => {
		expect(sortName('Martin', 'Zoé') < sortName('Martinez', 'Anne')).toBe(true);
		expect(sortName('de La Tour', 'Éloïse')).toBe('delatour eloise');
		expect(lastNameBucket('de La Tour')).toBe('de');
		expect(lastNameBucket('—')).toBe('~');
	});

	it('list keys order like the normalised names and bucket by their first two letters', () => {
		fc.assert(
			fc.property(name, name, (firstName, lastName) => {
				const key = sortName(lastName, firstName);
				const bucket = lastNameBucket(lastName);
				if (bucket !== '~') expect(key.startsWith(bucket)).toBe(true);
				expect(bucket.length).toBeLessThanOrEqual(2);
			})
		);
	});
});

describe('search lists', () => {
	// Few letters, so that names share starts and whole words, and queries match many usagers.
	const word = fc.stringMatching(/^[abAÉé]{1,4}$/);
	const name = fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => w.join(' '));
	const usager = fc.record({
		firstName: name,
		lastName: name,
		birthName: fc.option(name, { nil: undefined })
	});
	const dto = (u: { firstName: string; lastName: string; birthName?: string }, i: number): UsagerDto => ({
		id: `65${String(i).padStart(22, '0')}`,
		...u,
		phoneIsMobile: false
	});

	/** The search as the usagers themselves answer it: every match, best score first, then the list's order. */
	const naive = (usagers: UsagerDto[], q: string) => {
		const query = parseUsagerQuery(q)!;
		return usagers
			.filter((u) => matchesUsagerQuery({ ...u, searchKeys: usagerSearchKeys(u) }, query))
			.sort(
				(a, b) =>
					queryScore(b, query) - queryScore(a, query) ||
					byCode(sortName(a.lastName, a.firstName), sortName(b.lastName, b.firstName)) ||
					byCode(a.id, b.id)
			)
			.map((u) => u.id);
	};

	it('the list a name query reads holds every match, and ranking it gives the naive search’s answer', () => {
		fc.assert(
			fc.property(fc.array(usager, { maxLength: 25 }), fc.array(word, { minLength: 1, maxLength: 3 }), (us, ws) => {
				const q = ws.join(' ');
				const query = parseUsagerQuery(q);
				fc.pre(query !== null);
				const usagers = us.map(dto);
				const prefix = queryListPrefix(query!)!;
				const list = usagers.filter((u) => searchListPrefixes(u).includes(prefix)).map(searchEntry);
				expect(rankEntries(unpackEntries(packEntries(list)), query!).map((e) => e.usager.id)).toEqual(
					naive(usagers, q)
				);
			})
		);
	});

	it('reads the list of the longest word’s first three letters, and none for other keys', () => {
		expect(queryListPrefix(parseUsagerQuery('Lu Dupont')!)).toBe('dup');
		expect(queryListPrefix(parseUsagerQuery('lu')!)).toBe('lu');
		expect(queryListPrefix(parseUsagerQuery('dupont 06 12 34 56 78')!)).toBeNull();
		expect(queryListPrefix(parseUsagerQuery('04/05/1990')!)).toBeNull();
		expect(searchListPrefixes({ firstName: 'Lu', lastName: 'de La Tour' })).toEqual(['de', 'la', 'lu', 'to', 'tou']);
	});

	it('packs any usager’s shown fields and reads them back unchanged', () => {
		const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
		fc.assert(
			fc.property(
				fc.record({
					firstName: text,
					lastName: text,
					birthName: fc.option(text, { nil: undefined }),
					birthDate: fc.option(fc.constant('1990-05-04'), { nil: undefined }),
					email: fc.option(fc.emailAddress(), { nil: undefined }),
					phone: fc.option(fc.constant('+33612345678'), { nil: undefined }),
					phoneIsMobile: fc.boolean(),
					responsibleId: fc.option(fc.constant('650000000000000000000001'), { nil: undefined })
				}),
				(fields) => {
					const u: UsagerDto = { id: '650000000000000000000002', ...fields };
					const [back] = unpackEntries(packEntries([searchEntry(u)]));
					expect(back).toEqual(searchEntry(u));
				}
			)
		);
	});
});
