/**
 * Bad input everywhere on the public side (issue 18, « Quality »): forged slots posted to the funnel's
 * confirmation, codes expired, replayed, of another address or guessed 10,000 times, malformed queries of the
 * public API, another usager's RDV. Each gets a clear French message (pages) or a precise JSON error (API), and
 * NOTHING is written: RDVs, claims, usagers, sessions and pending codes are counted before and after.
 *
 * The routes run with the real clock (they take no `now`): the world is built around today, its plages recurring
 * from last week, inside the motif's booking window.
 */
import { isActionFailure, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { holidayOn, holidaysBetween } from '../../src/lib/domain/holidays.ts';
import { addDays, isoWeekday, localDay, toInstant } from '../../src/lib/domain/local-time.ts';
import { FUNNEL_PATHS, funnelHref, motifKey, type FunnelParams } from '../../src/lib/domain/public-booking.ts';
import type { SessionUsager } from '../../src/lib/domain/types.ts';
import {
	EXPIRED_CODE_MESSAGE,
	LOGIN_CODE_MAX_TRIES,
	CODE_TRIES_PER_ADDRESS,
	CODE_TRIES_PER_EMAIL,
	MISSING_CODE_MESSAGE,
	requestLoginCode,
	verifyLoginCode
} from '../../src/lib/server/auth/usager-code.ts';
import {
	Agent,
	Lieu,
	Motif,
	Organisation,
	PlageOuverture,
	Rdv,
	RdvClaim,
	Service,
	Territory,
	Usager,
	UsagerLoginCode,
	UsagerSession
} from '../../src/lib/server/db/models/index.ts';
import { listOutboxEmails } from '../../src/lib/server/notify/outbox.ts';
import { bookOnline } from '../../src/lib/server/services/public-booking/index.ts';
import * as confirmationPage from '../../src/routes/(public)/prendre-rdv/confirmation/+page.server.ts';
import * as bookedRdvPage from '../../src/routes/(public)/prendre-rdv/rdv/[rdvId]/+page.server.ts';
import * as bookedRdvIcs from '../../src/routes/(public)/prendre-rdv/rdv/[rdvId]/rdv.ics/+server.ts';
import * as signInPage from '../../src/routes/(public)/usager/connexion/+page.server.ts';
import * as spaceRdvPage from '../../src/routes/(public)/mon-espace/rdvs/[rdvId]/+page.server.ts';
import * as spaceMovePage from '../../src/routes/(public)/mon-espace/rdvs/[rdvId]/deplacer/+page.server.ts';
import * as publicCreneaux from '../../src/routes/api/v1/public/creneaux/+server.ts';
import * as publicMotifs from '../../src/routes/api/v1/public/motifs/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { requestEvent, type EventInit } from '../helpers/request-event.ts';

const TZ = 'Europe/Paris' as const;
const api = documentedApi();

interface World {
	pmi: string;
	arras: string;
	lens: string;
	lieu: string;
	lensLieu: string;
	motif: string;
	lensMotif: string;
	closedMotif: string;
	collectiveMotif: string;
	/** A weekday two weeks ahead without a holiday: its 09:00 is a slot of the open motif. */
	day: string;
}

let w: World;

/** The first weekday from `day` on (included) without a public holiday in the Pas-de-Calais. */
function workingDay(day: string): string {
	let d = day;
	while (isoWeekday(d) > 5 || holidayOn('62', d)) d = addDays(d, 1);
	return d;
}

async function createWorld(): Promise<World> {
	const id = () => new Types.ObjectId();
	const [pmi, territoryId, arras, lens] = [id(), id(), id(), id()];
	const suffix = arras.toHexString().slice(-6);
	await Service.create({ _id: pmi, name: `PMI ${suffix}`, shortName: 'PMI' });
	await Territory.create({
		_id: territoryId,
		departementNumber: '62',
		name: 'Pas-de-Calais',
		timeZone: TZ,
		serviceIds: [pmi]
	});
	await Organisation.create([
		{ _id: arras, territoryId, name: 'MDS Arras' },
		{ _id: lens, territoryId, name: 'MDS Lens' }
	]);
	const [lieu, lensLieu] = await Lieu.create([
		{ organisationId: arras, name: 'MDS Arras centre', address: '1 rue du Centre, 62000 Arras' },
		{ organisationId: lens, name: 'MDS Lens', address: '2 rue de Lens, 62300 Lens' }
	]);
	const base = { serviceId: pmi, durationMinutes: 30, locationType: 'public_office' as const };
	const [motif, closedMotif, collectiveMotif, lensMotif] = await Motif.create([
		{
			...base,
			organisationId: arras,
			name: 'Consultation PMI',
			bookableBy: 'everyone',
			instructionsBeforeBooking: 'Apportez le carnet de santé.'
		},
		{ ...base, organisationId: arras, name: 'Suivi réservé aux agents', bookableBy: 'agents' },
		{ ...base, organisationId: arras, name: 'Atelier portage', bookableBy: 'everyone', collective: true },
		{ ...base, organisationId: lens, name: 'Bilan de santé Lens', bookableBy: 'everyone' }
	]);
	const [alice, dora] = await Agent.create([
		{
			email: `alice-${suffix}@example.org`,
			firstName: 'Alice',
			lastName: 'Martin',
			serviceIds: [pmi],
			roles: [{ organisationId: arras, level: 'basic' }]
		},
		{
			email: `dora-${suffix}@example.org`,
			firstName: 'Dora',
			lastName: 'Leroy',
			serviceIds: [pmi],
			roles: [{ organisationId: lens, level: 'basic' }]
		}
	]);
	const today = localDay(new Date(), TZ);
	const weekly = {
		title: 'Permanence',
		// From last week: a slot yesterday or earlier is a plage occurrence, refused only because it is past.
		firstDay: addDays(today, -10),
		startTime: '09:00',
		endTime: '12:00',
		recurrence: { every: 'week' as const, interval: 1, weekdays: [1, 2, 3, 4, 5] },
		timeZone: TZ
	};
	await PlageOuverture.create([
		{
			...weekly,
			agentId: alice._id,
			organisationId: arras,
			lieuId: lieu._id,
			motifIds: [motif._id, closedMotif._id, collectiveMotif._id]
		},
		{ ...weekly, agentId: dora._id, organisationId: lens, lieuId: lensLieu._id, motifIds: [lensMotif._id] }
	]);
	const str = (x: { _id: Types.ObjectId } | Types.ObjectId) => String('_id' in x ? x._id : x);
	return {
		pmi: str(pmi),
		arras: str(arras),
		lens: str(lens),
		lieu: str(lieu),
		lensLieu: str(lensLieu),
		motif: str(motif),
		lensMotif: str(lensMotif),
		closedMotif: str(closedMotif),
		collectiveMotif: str(collectiveMotif),
		day: workingDay(addDays(today, 14))
	};
}

/** What a forged request could have written. */
async function counts() {
	return {
		rdvs: await Rdv.countDocuments({}),
		claims: await RdvClaim.countDocuments({}),
		usagers: await Usager.countDocuments({}),
		sessions: await UsagerSession.countDocuments({}),
		codes: await UsagerLoginCode.countDocuments({})
	};
}

/** An usager who signed in online, as the session hook hands it to pages. */
async function signedInUsager(firstName: string): Promise<SessionUsager> {
	const email = `${firstName.toLowerCase()}-${new Types.ObjectId().toHexString()}@example.org`;
	const u = await Usager.create({
		email,
		firstName,
		lastName: 'Enligne',
		account: { createdAt: new Date(), lastSignInAt: new Date(), via: 'email_code' }
	});
	return { id: String(u._id), email, firstName, lastName: 'Enligne', via: 'email_code' };
}

/** A RequestEvent of the public pages, with the usager the session hook would have found (or none). */
function usagerEvent(usager: SessionUsager | null, init: EventInit): RequestEvent {
	const event = requestEvent(init);
	event.locals.usager = usager;
	event.locals.usagerSessionId = usager ? 'session' : null;
	return event;
}

type Outcome =
	| { data: unknown }
	| { failure: { status: number; data: Record<string, unknown> } }
	| { redirect: string }
	| { status: number; message?: string };

/** Runs a load or action: its data, the fail() it returned, or the redirect / HTTP error it threw. */
async function run(fn: unknown, event: RequestEvent): Promise<Outcome> {
	try {
		const result = await (fn as (e: RequestEvent) => Promise<unknown>)(event);
		if (isActionFailure(result))
			return { failure: { status: result.status, data: result.data as unknown as Record<string, unknown> } };
		return { data: result };
	} catch (thrown) {
		if (isRedirect(thrown)) return { redirect: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status, message: thrown.body.message };
		throw thrown;
	}
}

/** The refusal a failed confirmation shows (its message, the next free slots). */
function refusalOf(outcome: Outcome): { message: string; nextSlots: unknown[] } {
	if (!('failure' in outcome)) throw new Error(`not a failure: ${JSON.stringify(outcome)}`);
	return outcome.failure.data.refusal as { message: string; nextSlots: unknown[] };
}

const form = (fields: Record<string, string>) => {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.append(k, v);
	return body;
};

/** The newest code the outbox holds for `email` (its subject carries it). */
async function lastCode(email: string): Promise<string> {
	const [latest] = await listOutboxEmails({ to: email, limit: 1 });
	const code = /(\d{6})/.exec(latest?.subject ?? '')?.[1];
	if (!code) throw new Error(`no code sent to ${email}`);
	return code;
}

beforeAll(async () => {
	w = await createWorld();
});

describe('the funnel’s confirmation', () => {
	const SLOT_GONE = 'Ce créneau n’est plus disponible.';
	const OUTSIDE_WINDOW = 'Ce créneau n’est pas dans la période ouverte à la réservation en ligne.';
	let usager: SessionUsager;

	beforeAll(async () => {
		usager = await signedInUsager('Chloe');
	});

	/** The funnel's parameters of a slot of the open motif at Arras (or of what `changes` forge). */
	const params = (startsAt: Date | string, changes: Partial<FunnelParams> = {}): FunnelParams => ({
		departement: '62',
		organisation: w.arras,
		service: w.pmi,
		motif: motifKey('Consultation PMI', 'public_office'),
		lieu: w.lieu,
		creneau: typeof startsAt === 'string' ? startsAt : startsAt.toISOString(),
		...changes
	});

	/** Posts the confirmation as the page does, « à lire avant » accepted unless said otherwise. */
	const post = (p: FunnelParams, fields: Record<string, string> = { accept: 'true' }, person = usager.id) =>
		run(
			confirmationPage.actions.default,
			usagerEvent(usager, {
				method: 'POST',
				path: `${funnelHref(FUNNEL_PATHS.confirmation, p)}&pour=${person}`,
				body: form(fields)
			})
		);

	/** The last weekday before today without a holiday: a plage occurrence, now past. */
	function pastWorkingDay(): string {
		let d = addDays(localDay(new Date(), TZ), -1);
		while (isoWeekday(d) > 5 || holidayOn('62', d)) d = addDays(d, -1);
		return d;
	}

	/** A weekday public holiday inside the window (the plage recurs then, the agenda is closed), if any. */
	function holidayInWindow(): string | undefined {
		const today = localDay(new Date(), TZ);
		return holidaysBetween('62', addDays(today, 1), addDays(today, 80))
			.map((h) => h.day)
			.find((d) => isoWeekday(d) <= 5);
	}

	it.each([
		['a time that is no slot (off the 30-minute grid)', () => toInstant(w.day, '09:10', TZ), 409, SLOT_GONE],
		['a time off the 5-minute grain', () => toInstant(w.day, '09:07', TZ), 400, /5 minutes/],
		[
			'a time outside the booking window',
			() => toInstant(workingDay(addDays(w.day, 200)), '09:00', TZ),
			400,
			OUTSIDE_WINDOW
		],
		['a time in the past', () => toInstant(pastWorkingDay(), '09:00', TZ), 400, OUTSIDE_WINDOW],
		['a time after the plage', () => toInstant(w.day, '12:00', TZ), 409, SLOT_GONE]
	])('refuses %s with its message, writing nothing', async (_label, startsAt, status, message) => {
		const before = await counts();
		const outcome = await post(params(startsAt()));
		expect(outcome).toMatchObject({ failure: { status } });
		const refusal = refusalOf(outcome);
		expect(refusal.message).toMatch(message);
		expect(await counts()).toEqual(before);
	});

	it('refuses a public holiday as a slot that is not there, offering the next ones', async () => {
		const holiday = holidayInWindow();
		// Every 80 days of the French calendar hold a weekday holiday but from mid-August to November.
		if (!holiday) return;
		const before = await counts();
		const outcome = await post(params(toInstant(holiday, '09:00', TZ)));
		expect(outcome).toMatchObject({ failure: { status: 409, data: { refusal: { message: SLOT_GONE } } } });
		const { nextSlots } = refusalOf(outcome);
		expect(nextSlots.length).toBeGreaterThan(0);
		expect(await counts()).toEqual(before);
	});

	it.each([
		[
			'another organisation’s motif with this organisation’s lieu',
			() => ({ motif: motifKey('Bilan de santé Lens', 'public_office') })
		],
		['this organisation’s lieu under another organisation', () => ({ organisation: w.lens })],
		['a motif closed online', () => ({ motif: motifKey('Suivi réservé aux agents', 'public_office') })],
		['a collective motif', () => ({ motif: motifKey('Atelier portage', 'public_office') })]
	])('sends %s back to the search without the slot, writing nothing', async (_label, changes) => {
		const before = await counts();
		const forged = params(toInstant(w.day, '09:00', TZ), changes());
		const outcome = await post(forged);
		expect(outcome).toHaveProperty('redirect');
		const target = new URL((outcome as { redirect: string }).redirect, 'http://x');
		expect(target.pathname).toBe(FUNNEL_PATHS.search);
		expect(target.searchParams.has('creneau')).toBe(false);
		expect(await counts()).toEqual(before);
	});

	it('asks for the « à lire avant » to be accepted, and books nothing until it is', async () => {
		const before = await counts();
		expect(await post(params(toInstant(w.day, '09:30', TZ)), {})).toMatchObject({
			failure: {
				status: 400,
				data: { errors: { accept: 'Cochez la case pour indiquer que vous avez lu ces informations.' } }
			}
		});
		expect(await counts()).toEqual(before);
	});

	it('sends a person who is neither the usager nor a relative back to « Pour qui », writing nothing', async () => {
		const stranger = await signedInUsager('Marc');
		const before = await counts();
		const outcome = await post(params(toInstant(w.day, '09:30', TZ)), { accept: 'true' }, stranger.id);
		expect(outcome).toHaveProperty('redirect');
		expect(new URL((outcome as { redirect: string }).redirect, 'http://x').pathname).toBe(FUNNEL_PATHS.forWhom);
		expect(await counts()).toEqual(before);
	});

	it('books the same slot when nothing is forged (the refusals above are not the page’s only answer)', async () => {
		const outcome = await post(params(toInstant(w.day, '09:30', TZ)));
		expect(outcome).toHaveProperty('redirect');
		expect((outcome as { redirect: string }).redirect).toMatch(/^\/prendre-rdv\/rdv\/[0-9a-f]{24}$/);
	});
});

describe('sign-in codes', () => {
	it('refuses an expired code with its message on the form, and opens nothing', async () => {
		const email = `expire-${new Types.ObjectId().toHexString()}@example.org`;
		// Asked 11 minutes ago: the code lived 10.
		expect(await requestLoginCode(email, '203.0.113.10', new Date(Date.now() - 11 * 60_000))).toEqual({ ok: true });
		const code = await lastCode(email);
		const before = await counts();
		const outcome = await run(
			signInPage.actions.verify,
			usagerEvent(null, { method: 'POST', path: '/usager/connexion?/verify', body: form({ email, code }) })
		);
		expect(outcome).toMatchObject({
			failure: { status: 400, data: { step: 'code', errors: { code: EXPIRED_CODE_MESSAGE } } }
		});
		expect(await counts()).toEqual(before);
		expect(await Usager.countDocuments({ email })).toBe(0);
	});

	it('accepts a code once: the same code again is refused and opens no second session', async () => {
		const email = `rejoue-${new Types.ObjectId().toHexString()}@example.org`;
		expect(await requestLoginCode(email, '203.0.113.11')).toEqual({ ok: true });
		const code = await lastCode(email);
		const post = () =>
			run(
				signInPage.actions.verify,
				usagerEvent(null, {
					method: 'POST',
					path: '/usager/connexion?/verify',
					body: form({ email, code, redirectTo: '/mon-espace' })
				})
			);
		expect(await post()).toEqual({ redirect: '/mon-espace' });
		const afterFirst = await counts();
		expect(await Usager.countDocuments({ email })).toBe(1);
		expect(await post()).toMatchObject({ failure: { status: 400, data: { errors: { code: MISSING_CODE_MESSAGE } } } });
		expect(await counts()).toEqual(afterFirst);
	});

	it('refuses the code of another address: wrong for an address with its own code, missing for one without', async () => {
		const a = `a-${new Types.ObjectId().toHexString()}@example.org`;
		const b = `b-${new Types.ObjectId().toHexString()}@example.org`;
		const c = `c-${new Types.ObjectId().toHexString()}@example.org`;
		expect(await requestLoginCode(a, '203.0.113.12')).toEqual({ ok: true });
		expect(await requestLoginCode(b, '203.0.113.12')).toEqual({ ok: true });
		const codeOfA = await lastCode(a);
		// One chance in a million that both addresses drew the same code: then A's code is B's, and proves nothing.
		if (codeOfA === (await lastCode(b))) expect(await requestLoginCode(b, '203.0.113.12')).toEqual({ ok: true });
		const before = await counts();
		expect(await verifyLoginCode(b, codeOfA, '203.0.113.12')).toMatchObject({
			ok: false,
			reason: 'wrong',
			message: `Code incorrect. Il vous reste ${LOGIN_CODE_MAX_TRIES - 1} essais.`
		});
		expect(await verifyLoginCode(c, codeOfA, '203.0.113.12')).toMatchObject({
			ok: false,
			reason: 'missing',
			message: MISSING_CODE_MESSAGE
		});
		expect(await counts()).toEqual(before);
		// A's code still works for A: B's refusal spent none of A's tries.
		expect(await verifyLoginCode(a, codeOfA, '203.0.113.12')).toMatchObject({ ok: true, created: true });
	});

	it('refuses 10,000 guesses from one address once the limits bite, the right code included, and opens nothing', async () => {
		const email = `devine-${new Types.ObjectId().toHexString()}@example.org`;
		const ip = '203.0.113.66';
		expect(await requestLoginCode(email, ip)).toEqual({ ok: true });
		const code = await lastCode(email);
		// 9,999 wrong guesses, then the right code: 10,000 attempts.
		const guesses = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(6, '0'))
			.filter((g) => g !== code)
			.slice(0, 9_999);
		// One instant for the whole run: the per-address window (an hour) must not turn over in the middle.
		const now = new Date();
		const before = await counts();
		const reasons = new Map<string, number>();
		const messages = new Set<string>();
		// Parallel batches, as a script would send them: the limits are exact under concurrency.
		for (let i = 0; i < guesses.length; i += 100) {
			const batch = await Promise.all(guesses.slice(i, i + 100).map((g) => verifyLoginCode(email, g, ip, now)));
			for (const r of batch) {
				expect(r.ok).toBe(false);
				if (r.ok) continue;
				reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
				if (r.reason === 'rate_limited') messages.add(r.message);
			}
		}
		// Then the right one, last: the address has used its tries, so even the right code is refused.
		const last = await verifyLoginCode(email, code, ip, now);
		expect(last).toMatchObject({ ok: false, reason: 'rate_limited' });
		if (!last.ok) messages.add(last.message);

		// 15 tries an hour reach the code check for one address; of those, 5 are checked, then the code is dead.
		expect(reasons.get('wrong')).toBe(LOGIN_CODE_MAX_TRIES);
		expect(reasons.get('dead')).toBe(CODE_TRIES_PER_EMAIL - LOGIN_CODE_MAX_TRIES);
		expect(reasons.get('rate_limited')).toBe(guesses.length - CODE_TRIES_PER_EMAIL);
		expect([...messages].every((m) => /^Trop de tentatives\. Réessayez dans \d+ minutes?\.$/.test(m))).toBe(true);
		expect(await counts()).toEqual(before);
		expect(await Usager.countDocuments({ email })).toBe(0);
	}, 60_000);

	it('caps guesses spread over many addresses from one network', async () => {
		const ip = '203.0.113.77';
		const emails = Array.from(
			{ length: CODE_TRIES_PER_ADDRESS + 50 },
			(_, i) => `reseau-${i}-${new Types.ObjectId().toHexString()}@example.org`
		);
		const before = await counts();
		const now = new Date();
		const results = await Promise.all(emails.map((e) => verifyLoginCode(e, '123456', ip, now)));
		const limited = results.filter((r) => !r.ok && r.reason === 'rate_limited').length;
		// No pending code for these addresses: those past the limit are « missing », the rest refused by it.
		expect(limited).toBe(50);
		expect(results.every((r) => !r.ok)).toBe(true);
		expect(await counts()).toEqual(before);
	}, 120_000);
});

describe('the public API', () => {
	const from = () => addDays(localDay(new Date(), TZ), 1);
	it.each([
		['a malformed motif id', () => `motifId=123&from=${from()}`, 'motifId', null],
		['a malformed lieu id', () => `motifId=${w.motif}&lieuId=zz&from=${from()}`, 'lieuId', null],
		['a malformed day', () => `motifId=${w.motif}&from=07/12/2026`, 'from', null],
		['an impossible day', () => `motifId=${w.motif}&from=2026-02-30`, 'from', null],
		['no first day', () => `motifId=${w.motif}`, 'from', null],
		[
			'a range over 31 days',
			() => `motifId=${w.motif}&from=${from()}&to=${addDays(from(), 32)}`,
			'to',
			'La recherche couvre au plus 31 jours.'
		],
		[
			'a range that ends before it starts',
			() => `motifId=${w.motif}&from=${from()}&to=${addDays(from(), -3)}`,
			'to',
			'La date de fin doit suivre la date de début.'
		]
	])('answers 422 naming the field for %s', async (_label, query, field, message) => {
		const res = await api.call(publicCreneaux.GET, { path: `/api/v1/public/creneaux?${query()}` });
		expect(res.status).toBe(422);
		const { error } = res.body as { error: { code: string; message: string; details?: unknown } };
		expect(error.code).toBe('validation_failed');
		expect(JSON.stringify(error.details)).toContain(`"${field}"`);
		if (message) expect(JSON.stringify(error.details)).toContain(message);
	});

	it.each([
		['a motif closed online', () => w.closedMotif, () => w.lieu],
		['a collective motif', () => w.collectiveMotif, () => w.lieu],
		['another organisation’s motif with this organisation’s lieu', () => w.lensMotif, () => w.lieu],
		['this organisation’s motif with another organisation’s lieu', () => w.motif, () => w.lensLieu],
		['an unknown motif', () => new Types.ObjectId().toHexString(), () => w.lieu]
	])('answers 404 for %s, like an unknown one', async (_label, motif, lieu) => {
		const res = await api.call(publicCreneaux.GET, {
			path: `/api/v1/public/creneaux?motifId=${motif()}&lieuId=${lieu()}&from=${w.day}`
		});
		expect(res.status).toBe(404);
		expect((res.body as { error: { code: string } }).error.code).toBe('not_found');
	});

	it('answers the open motif at its lieu (the refusals above are not the whole endpoint’s)', async () => {
		const res = await api.call(publicCreneaux.GET, {
			path: `/api/v1/public/creneaux?motifId=${w.motif}&lieuId=${w.lieu}&from=${w.day}`
		});
		expect(res.status).toBe(200);
		expect((res.body as { slots: { time: string }[] }).slots[0]?.time).toBe('09:00');
	});

	it('answers 422 for motifs without a département nor an organisation, or a malformed one', async () => {
		for (const query of ['', 'departement=999x', 'organisation=abc']) {
			const res = await api.call(publicMotifs.GET, { path: `/api/v1/public/motifs?${query}` });
			expect(res.status, query).toBe(422);
			expect((res.body as { error: { code: string } }).error.code).toBe('validation_failed');
		}
	});
});

describe('another usager’s RDV', () => {
	it('answers 404 to every page and action of the usager space, and changes nothing', async () => {
		const owner = await signedInUsager('Ines');
		const intruder = await signedInUsager('Yvon');
		const booked = await bookOnline({
			organisationId: w.arras,
			motifId: w.motif,
			lieuId: w.lieu,
			startsAt: toInstant(w.day, '10:00', TZ),
			usagerIds: [owner.id],
			actor: { kind: 'usager', usagerId: owner.id }
		});
		if (!booked.ok) throw new Error(booked.message);
		const rdvId = booked.rdv.id;
		const params = { rdvId };
		const path = `/mon-espace/rdvs/${rdvId}`;
		const before = await Rdv.findById(rdvId).lean();

		expect(await run(spaceRdvPage.load, usagerEvent(intruder, { path, params }))).toMatchObject({ status: 404 });
		expect(await run(spaceMovePage.load, usagerEvent(intruder, { path: `${path}/deplacer`, params }))).toMatchObject({
			status: 404
		});
		expect(
			await run(
				spaceRdvPage.actions.cancel,
				usagerEvent(intruder, { method: 'POST', path: `${path}?/cancel`, params, body: form({ confirmed: '1' }) })
			)
		).toMatchObject({ status: 404 });
		expect(
			await run(
				spaceMovePage.actions.move,
				usagerEvent(intruder, {
					method: 'POST',
					path: `${path}/deplacer?/move`,
					params,
					body: form({ startsAt: toInstant(w.day, '11:00', TZ).toISOString() })
				})
			)
		).toMatchObject({ status: 404 });
		expect(
			await run(bookedRdvPage.load, usagerEvent(intruder, { path: `/prendre-rdv/rdv/${rdvId}`, params }))
		).toMatchObject({ status: 404 });
		expect(
			await run(bookedRdvIcs.GET, usagerEvent(intruder, { path: `/prendre-rdv/rdv/${rdvId}/rdv.ics`, params }))
		).toMatchObject({ status: 404 });
		// An unknown id answers the same.
		const unknown = new Types.ObjectId().toHexString();
		expect(
			await run(
				spaceRdvPage.load,
				usagerEvent(intruder, { path: `/mon-espace/rdvs/${unknown}`, params: { rdvId: unknown } })
			)
		).toMatchObject({ status: 404 });
		// Signed out: the sign-in page, coming back here.
		expect(await run(spaceRdvPage.load, usagerEvent(null, { path, params }))).toEqual({
			redirect: `/usager/connexion?redirectTo=${encodeURIComponent(path)}`
		});

		const after = await Rdv.findById(rdvId).lean();
		expect(after?.startsAt).toEqual(before?.startsAt);
		expect(after?.status).toBe(before?.status);
		expect(after?.version).toBe(before?.version);
		// The owner sees it.
		expect(await run(spaceRdvPage.load, usagerEvent(owner, { path, params }))).toHaveProperty('data');
	});
});
