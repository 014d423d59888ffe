/**
 * Search keys of an usager, and how a typed query maps onto them. FerretDB cannot search text without reading
 * every usager of the organisation (ARCHITECTURE.md, "Text search … cannot scan"), so each usager stores every
 * string a search may select on — name prefixes, phone forms, e-mail, birth-date forms — as an array, and a
 * search selects with one "array contains" equality on its most selective key, then refines and ranks in code.
 * Keys carry a kind prefix so that a name can never match a phone number or a date.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { UsagerDto } from './dto.ts';
import { frenchNumericDay } from './french-date.ts';
import { isValidDay } from './local-time.ts';
import { normalizePhone } from './phone.ts';
import { normalizeText } from './text-keys.ts';

/** Shorter prefixes would select a large share of any organisation. */
export const MIN_PREFIX = 2;
/** Longer query words select on their first MAX_PREFIX characters and are checked in full in code. */
export const MAX_PREFIX = 20;

export interface UsagerKeyFields {
	/** Missing on an online account whose usager has not given their names yet (models/usager.ts). */
	firstName?: string | null;
	lastName?: string | null;
	birthName?: string | null;
	email?: string | null;
	/** E.164 as stored. */
	phone?: string | null;
	/** aaaa-mm-jj as stored. */
	birthDate?: string | null;
}

const nameKey = (prefix: string) => `n:${prefix}`;
const phoneKey = (digits: string) => `t:${digits}`;
const emailKey = (email: string) => `e:${email.trim().toLowerCase()}`;
const dateKey = (typed: string) => `d:${typed}`;

/** The normalised words of the usager's names (last, first, birth). */
export function nameWords(u: Pick<UsagerKeyFields, 'firstName' | 'lastName' | 'birthName'>): string[] {
	// A document being validated may lack a required name: validation reports it, the keys just skip it.
	return [u.lastName, u.firstName, u.birthName]
		.flatMap((name) => normalizeText(name ?? '').split(' '))
		.filter((w) => w.length > 0);
}

/** The national form of an E.164 number, as agents type it ('+33612345678' → '0612345678'). */
function nationalDigits(e164: string): string | undefined {
	const parsed = parsePhoneNumberFromString(e164);
	return parsed ? parsed.formatNational().replace(/\D/g, '') : undefined;
}

/** Every key an usager can be found by; sorted and without repeats (stable for storage). */
export function usagerSearchKeys(u: UsagerKeyFields): string[] {
	const keys = new Set<string>();
	for (const word of nameWords(u))
		for (let n = MIN_PREFIX; n <= Math.min(word.length, MAX_PREFIX); n++) keys.add(nameKey(word.slice(0, n)));
	if (u.phone) {
		keys.add(phoneKey(u.phone));
		const national = nationalDigits(u.phone);
		if (national) keys.add(phoneKey(national));
	}
	if (u.email) keys.add(emailKey(u.email));
	if (u.birthDate && isValidDay(u.birthDate)) {
		keys.add(dateKey(u.birthDate));
		keys.add(dateKey(frenchNumericDay(u.birthDate)));
	}
	return [...keys].sort();
}

/**
 * A key as stored: prefixed with the organisation, so that one "array contains" equality selects within one
 * organisation. Measured on the embedded database with 20,000 usagers in one organisation: a key alone took
 * 6 ms, the same key plus an `organisationIds` equality 180 ms (PostgreSQL also walks the organisation's index,
 * which holds every one of them).
 */
export function scopedKey(organisationId: string, key: string): string {
	return `${organisationId}:${key}`;
}

/** The stored keys of an usager: each key once per organisation it belongs to. */
export function scopedKeys(organisationIds: readonly unknown[], keys: readonly string[]): string[] {
	return organisationIds.flatMap((org) => keys.map((k) => scopedKey(String(org), k)));
}

/**
 * The list's alphabetical bucket: the first two letters of the normalised last name. A page of the list reads
 * one bucket at a time (an equality), so no request decodes the whole organisation.
 */
export function lastNameBucket(lastName: string): string {
	const letters = normalizeText(lastName).replace(/ /g, '');
	return letters.slice(0, 2) || '~';
}

/**
 * Sort key of the list: normalised last name without spaces, a space, then the first name. The space sorts
 * before every letter and digit, so « Martin » comes before « Martinez » in plain code-unit order.
 */
export function sortName(lastName: string | null | undefined, firstName: string | null | undefined): string {
	return `${normalizeText(lastName ?? '').replace(/ /g, '')} ${normalizeText(firstName ?? '')}`;
}

export interface UsagerQuery {
	/** Every key the usager must have; the first one is the most selective. */
	keys: string[];
	/** Normalised name words of the query (each must start a word of the usager's names). */
	words: string[];
}

const DATE_TYPED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DATE_ISO = /^\d{4}-\d{2}-\d{2}$/;
const PHONE_PART = /^\+?[\d.-]+$/;

/** A typed date (jj/mm/aaaa, j/m/aaaa, jj-mm-aaaa, jj.mm.aaaa, aaaa-mm-jj) as aaaa-mm-jj, or null. */
export function parseTypedDate(token: string): string | null {
	if (DATE_ISO.test(token)) return isValidDay(token) ? token : null;
	const m = DATE_TYPED.exec(token);
	if (!m) return null;
	const day = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
	return isValidDay(day) ? day : null;
}

/** The phone key of typed digits: E.164 when they form a valid number, else the bare digits (6 or more). */
function typedPhoneKey(typed: string): string | null {
	const normalized = normalizePhone(typed);
	if (normalized) return phoneKey(normalized.e164);
	const digits = typed.replace(/\D/g, '');
	return digits.length >= 6 ? phoneKey(typed.startsWith('+') ? `+${digits}` : digits) : null;
}

/** Rank of a key's selectivity: an e-mail names one person, a 2-letter prefix thousands. */
function selectivity(key: string): number {
	switch (key[0]) {
		case 'e':
			return 1000;
		case 't':
			return 900;
		case 'd':
			return 800;
		default:
			return key.length;
	}
}

/**
 * What a typed query requires: null when it holds nothing searchable (only 1-letter words). Runs of digit
 * groups are read as one phone number ('06 12 34 56 78'), so a name and a phone can be typed together.
 */
export function parseUsagerQuery(q: string): UsagerQuery | null {
	const keys = new Set<string>();
	const words = new Set<string>();
	const addWords = (text: string) => {
		for (const w of normalizeText(text).split(' '))
			if (w.length >= MIN_PREFIX) {
				words.add(w);
				keys.add(nameKey(w.slice(0, MAX_PREFIX)));
			}
	};
	const tokens = q.trim().split(/\s+/).filter(Boolean);
	let digitRun: string[] = [];
	const flushDigits = () => {
		if (digitRun.length === 0) return;
		const key = typedPhoneKey(digitRun.join(''));
		if (key) keys.add(key);
		else digitRun.forEach(addWords);
		digitRun = [];
	};
	for (const token of tokens) {
		const day = parseTypedDate(token);
		if (!day && PHONE_PART.test(token) && /\d/.test(token)) {
			digitRun.push(token);
			continue;
		}
		flushDigits();
		if (day) keys.add(dateKey(day));
		else if (token.includes('@')) keys.add(emailKey(token));
		else addWords(token);
	}
	flushDigits();
	if (keys.size === 0) return null;
	return { keys: [...keys].sort((a, b) => selectivity(b) - selectivity(a) || a.localeCompare(b)), words: [...words] };
}

/** Whether an usager (its stored keys and names) answers the query. */
export function matchesUsagerQuery(
	u: { searchKeys: readonly string[] } & Pick<UsagerKeyFields, 'firstName' | 'lastName' | 'birthName'>,
	query: UsagerQuery
): boolean {
	const stored = new Set(u.searchKeys);
	if (!query.keys.every((k) => stored.has(k))) return false;
	// Keys hold prefixes up to MAX_PREFIX characters: longer words are checked in full.
	const long = query.words.filter((w) => w.length > MAX_PREFIX);
	if (long.length === 0) return true;
	const names = nameWords(u);
	return long.every((w) => names.some((n) => n.startsWith(w)));
}

/** Relevance: how many query words are whole words of the usager's names (« Tour » before « Tourneur »). */
export function queryScore(
	u: Pick<UsagerKeyFields, 'firstName' | 'lastName' | 'birthName'>,
	query: UsagerQuery
): number {
	const names = new Set(nameWords(u));
	return query.words.filter((w) => names.has(w)).length;
}

/**
 * Search lists: a name-only query would select hundreds of whole usagers by a short prefix (FerretDB decodes
 * each, ~0.25 ms, and reading a page of them back by id costs ~1.7 ms each), so every usager also appears, as one
 * compact line holding what a result shows, in the list of each 2- and 3-letter start of its name words (a
 * query reads the list of its longest word's start, so the lists of the shortest starts only serve 2-letter
 * queries). One list is one document, decoded in a few milliseconds; it holds every candidate, so ranking is
 * exact and nothing else is read.
 */
export const LIST_PREFIXES = [MIN_PREFIX, MIN_PREFIX + 1] as const;

/** What a search list keeps of an usager: enough to match, rank and show it. */
export interface SearchEntry {
	/** As `sortName`. */
	sortName: string;
	/** As `nameWords`. */
	words: string[];
	usager: UsagerDto;
}

/**
 * Each list is stored in shards, by usager: an usager's write rewrites one shard of each of its lists (an
 * eighth of a long one), and a search reads the few shards of one list.
 */
export const SEARCH_LIST_SHARDS = 8;

/** The usager's shard, the same in each of its lists (ObjectIds end with a counter: shards fill evenly). */
export function searchListShard(usagerId: string): number {
	return (parseInt(usagerId.slice(-1), 16) || 0) % SEARCH_LIST_SHARDS;
}

/** The 2- and 3-letter starts of the usager's name words: its lists (before their organisation scope). */
export function searchListPrefixes(u: Pick<UsagerKeyFields, 'firstName' | 'lastName' | 'birthName'>): string[] {
	const prefixes = new Set<string>();
	for (const w of nameWords(u)) for (const n of LIST_PREFIXES) if (w.length >= n) prefixes.add(w.slice(0, n));
	return [...prefixes].sort();
}

export function searchEntry(usager: UsagerDto): SearchEntry {
	return { sortName: sortName(usager.lastName, usager.firstName), words: nameWords(usager), usager };
}

/** Plain code-unit order (the list's order too): the same on every node, whatever the locale. */
export const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const compareEntries = (a: SearchEntry, b: SearchEntry) =>
	byCode(a.sortName, b.sortName) || byCode(a.usager.id, b.usager.id);

type PackedEntry = [
	sortName: string,
	words: string,
	id: string,
	firstName: string,
	lastName: string,
	birthName: string | null,
	birthDate: string | null,
	email: string | null,
	phone: string | null,
	phoneIsMobile: 0 | 1,
	responsibleId: string | null
];

/** Entries in list order, as one JSON string of arrays (JSON.parse reads thousands in a few milliseconds). */
export function packEntries(entries: readonly SearchEntry[]): string {
	return JSON.stringify(
		[...entries]
			.sort(compareEntries)
			.map(({ sortName, words, usager: u }): PackedEntry => [
				sortName,
				words.join(' '),
				u.id,
				u.firstName,
				u.lastName,
				u.birthName ?? null,
				u.birthDate ?? null,
				u.email ?? null,
				u.phone ?? null,
				u.phoneIsMobile ? 1 : 0,
				u.responsibleId ?? null
			])
	);
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function unpackEntries(packed: string): SearchEntry[] {
	if (!packed) return [];
	return (JSON.parse(packed) as PackedEntry[]).map(
		([sort, words, id, firstName, lastName, birthName, birthDate, email, phone, mobile, responsibleId]) => ({
			sortName: sort,
			words: words ? words.split(' ') : [],
			usager: {
				id,
				firstName,
				lastName,
				birthName: opt(birthName),
				birthDate: opt(birthDate),
				email: opt(email),
				phone: opt(phone),
				phoneIsMobile: mobile === 1,
				responsibleId: opt(responsibleId)
			}
		})
	);
}

/** The list a name query reads: that of its longest word (query words are normalised, 2+ characters). */
export function queryListPrefix(query: UsagerQuery): string | null {
	if (query.words.length === 0 || !query.keys.every((k) => k.startsWith('n:'))) return null;
	const longest = [...query.words].sort((a, b) => b.length - a.length || byCode(a, b))[0];
	return longest.slice(0, LIST_PREFIXES.at(-1));
}

/**
 * The entries answering a name query, best first: whole-word matches of more query words first, then list
 * order. The same answer as `matchesUsagerQuery` and `queryScore` on the usagers themselves (spec: property).
 */
export function rankEntries(entries: readonly SearchEntry[], query: UsagerQuery): SearchEntry[] {
	const byScore: SearchEntry[][] = Array.from({ length: query.words.length + 1 }, () => []);
	const sorted = entries.every((e, i) => i === 0 || compareEntries(entries[i - 1], e) < 0)
		? entries
		: [...entries].sort(compareEntries);
	for (const e of sorted) {
		let score = 0;
		let all = true;
		for (const w of query.words) {
			if (!e.words.some((n) => n.startsWith(w))) {
				all = false;
				break;
			}
			if (e.words.includes(w)) score++;
		}
		if (all) byScore[score].push(e);
	}
	return byScore.reverse().flat();
}
