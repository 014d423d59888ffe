/**
 * The plage page's calendar preview: the service expands the plage (cancelled occurrences flagged) and its
 * agent's other plages for a range of days, and the same-origin JSON endpoint serves them to the calendar with
 * the same permissions as the page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PlageOuverture, Territory } from '../../src/lib/server/db/models/index.ts';
import {
	cancelOccurrence,
	createPlage,
	overrideOccurrence,
	plageCalendar,
	type PlageDto,
	type PlageInput
} from '../../src/lib/server/services/plages.ts';
import { load as plagePageLoad } from '../../src/routes/agents/org/[orgId]/plages/[plageId]/+page.server.ts';
import { GET as getOccurrences } from '../../src/routes/agents/org/[orgId]/plages/[plageId]/occurrences/+server.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { createPlageFixture, weeklyPlage, type PlageFixture } from '../helpers/plage-fixtures.ts';
import { callEndpoint, requestEvent } from '../helpers/request-event.ts';
import { ok } from '../helpers/service-result.ts';

/** 2097-01-07 is a Monday; "now" is the Tuesday before (far ahead: the page lists occurrences from today). */
const now = new Date('2097-01-01T08:00:00Z');
const WEEK = { from: '2097-01-07', to: '2097-01-14' };
let f: PlageFixture;
let plage: PlageDto;
let sameOrg: PlageDto;
let otherOrgId: string;

const input = (fields: Partial<PlageInput> = {}): PlageInput => weeklyPlage(f, WEEK.from, [1, 3], fields);

beforeAll(async () => {
	f = await createPlageFixture();
	plage = ok(await createPlage(f.agents.pmi, f.orgId, input(), { now }));
	ok(await cancelOccurrence(f.agents.pmi, plage.id, '2097-01-09'));
	ok(await overrideOccurrence(f.agents.pmi, plage.id, '2097-01-07', { startTime: '10:00' }, { confirm: true }));
	// Another plage of the same agent on Tuesdays, with its first occurrence cancelled.
	sameOrg = ok(
		await createPlage(
			f.agents.pmi,
			f.orgId,
			input({
				title: 'Téléphone',
				lieuId: null,
				motifIds: [f.motifs.phone],
				recurrence: { every: 'week', interval: 1, weekdays: [2, 4] }
			}),
			{ now }
		)
	);
	ok(await cancelOccurrence(f.agents.pmi, sameOrg.id, '2097-01-08'));
	// And one in the agent's other organisation (written directly: that organisation has no motif in the fixture).
	const other = await PlageOuverture.create({
		agentId: f.agents.pmi.id,
		organisationId: f.otherOrgId,
		title: 'Permanence secrète',
		motifIds: [f.motifs.phone],
		firstDay: '2097-01-11',
		startTime: '14:00',
		endTime: '16:00',
		timeZone: 'Europe/Paris'
	});
	otherOrgId = String(other._id);
});

describe('plageCalendar', () => {
	it('expands the plage with its exceptions, and the agent’s other plages for context', async () => {
		const { plage: dto, occurrences } = ok(
			await plageCalendar(f.agents.pmi, plage.id, WEEK, { organisationId: f.orgId })
		);
		expect(dto.id).toBe(plage.id);
		const own = occurrences.filter((o) => o.own);
		expect(own.map((o) => [o.day, o.startTime, o.cancelled, o.overridden])).toEqual([
			['2097-01-07', '10:00', false, true],
			['2097-01-09', '09:00', true, false]
		]);
		expect(own.every((o) => o.plageId === plage.id && o.title === 'Permanence' && o.timeZone === 'Europe/Paris')).toBe(
			true
		);
		// Others: their cancelled occurrences do not occupy the agent; another organisation's title is withheld.
		const others = occurrences.filter((o) => !o.own).map((o) => [o.plageId, o.day, o.title]);
		expect(others).toEqual([
			[sameOrg.id, '2097-01-10', 'Téléphone'],
			[otherOrgId, '2097-01-11', 'Plage d’une autre organisation']
		]);
	});

	it('rejects a bad range with French field errors', async () => {
		const bad = (range: { from: string; to: string }) => plageCalendar(f.agents.pmi, plage.id, range);
		expect(await bad({ from: '2097-13-01', to: '2097-01-14' })).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { from: expect.stringMatching(/invalide|impossible/) }
		});
		expect(await bad({ from: WEEK.to, to: WEEK.from })).toMatchObject({
			code: 'invalid',
			fieldErrors: { to: 'La date de fin doit suivre la date de début.' }
		});
		expect(await bad({ from: '2097-01-01', to: '2097-03-15' })).toMatchObject({
			code: 'invalid',
			fieldErrors: { to: expect.stringContaining('62 jours') }
		});
	});

	it('follows the agenda permissions and the organisation of the page', async () => {
		expect(await plageCalendar(f.agents.pmiColleague, plage.id, WEEK)).toMatchObject({ ok: true });
		expect(await plageCalendar(f.agents.social, plage.id, WEEK)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await plageCalendar(f.agents.pmi, plage.id, WEEK, { organisationId: f.otherOrgId })).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(await plageCalendar(f.agents.pmi, 'nope', WEEK)).toMatchObject({ ok: false, code: 'not_found' });
	});
});

describe('GET /agents/org/:orgId/plages/:plageId/occurrences', () => {
	const call = (agent: SessionAgent | null, query: Record<string, string>, ids = { orgId: '', plageId: '' }) => {
		const orgId = ids.orgId || f.orgId;
		const plageId = ids.plageId || plage.id;
		return callEndpoint(getOccurrences, {
			path: `/agents/org/${orgId}/plages/${plageId}/occurrences?${new URLSearchParams(query)}`,
			params: { orgId, plageId },
			agent
		});
	};

	it('serves calendar occurrences: this plage’s flagged, the others muted', async () => {
		const response = await call(f.agents.admin, WEEK);
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(response.body).toEqual({
			occurrences: [
				{
					id: `${plage.id}:2097-01-07`,
					title: 'Permanence',
					day: '2097-01-07',
					startTime: '10:00',
					endTime: '12:00',
					timeZone: 'Europe/Paris',
					overridden: true
				},
				{
					id: `${plage.id}:2097-01-09`,
					title: 'Permanence',
					day: '2097-01-09',
					startTime: '09:00',
					endTime: '12:00',
					timeZone: 'Europe/Paris',
					cancelled: true
				},
				{
					id: `${sameOrg.id}:2097-01-10`,
					title: 'Téléphone',
					day: '2097-01-10',
					startTime: '09:00',
					endTime: '12:00',
					timeZone: 'Europe/Paris',
					muted: true
				},
				{
					id: `${otherOrgId}:2097-01-11`,
					title: 'Plage d’une autre organisation',
					day: '2097-01-11',
					startTime: '14:00',
					endTime: '16:00',
					timeZone: 'Europe/Paris',
					muted: true
				}
			]
		});
	});

	it('answers JSON errors: signed out, other organisation, bad query, unknown or hidden plage', async () => {
		expect(await call(null, WEEK)).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
		expect(await call(f.agents.outsider, WEEK)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
		expect(await call(f.agents.pmi, { from: 'demain', to: WEEK.to })).toMatchObject({
			status: 400,
			body: { error: { code: 'invalid_query', details: { from: expect.any(String) } } }
		});
		expect(await call(f.agents.pmi, {})).toMatchObject({ status: 400 });
		// A plage of an agenda the viewer may not see is answered like an unknown one.
		expect(await call(f.agents.social, WEEK)).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
		// The plage exists, but not in the organisation of the URL.
		expect(await call(f.agents.pmi, WEEK, { orgId: f.otherOrgId, plageId: plage.id })).toMatchObject({ status: 404 });
		expect(await call(f.agents.pmi, WEEK, { orgId: f.orgId, plageId: otherOrgId })).toMatchObject({ status: 404 });
	});
});

describe('the plage page', () => {
	it('lists the next occurrences from today, cancelled and changed ones flagged', async () => {
		const event = requestEvent({
			path: `/agents/org/${f.orgId}/plages/${plage.id}`,
			params: { orgId: f.orgId, plageId: plage.id },
			agent: f.agents.pmi
		});
		const data = (await (plagePageLoad as unknown as (e: unknown) => Promise<Record<string, unknown>>)(event)) as {
			upcoming: { day: string; startTime: string; cancelled: boolean; changed: boolean }[];
		};
		// The plage starts after today: the list starts on its first day, ten occurrences long.
		expect(data.upcoming).toHaveLength(10);
		expect(data.upcoming.slice(0, 3)).toEqual([
			{ day: '2097-01-07', startTime: '10:00', endTime: '12:00', lieuId: f.lieuId, cancelled: false, changed: true },
			{ day: '2097-01-09', startTime: '09:00', endTime: '12:00', lieuId: f.lieuId, cancelled: true, changed: false },
			{ day: '2097-01-14', startTime: '09:00', endTime: '12:00', lieuId: f.lieuId, cancelled: false, changed: false }
		]);
	});
});

describe('public holidays', () => {
	/** 2097-12-25 (Noël) is a Wednesday. */
	const CHRISTMAS_WEEK = { from: '2097-12-23', to: '2097-12-30' };
	let wednesdays: PlageDto;
	beforeAll(async () => {
		wednesdays = ok(
			await createPlage(f.agents.pmiColleague, f.orgId, {
				...weeklyPlage(f, '2097-12-18', [3]),
				agentId: f.agents.pmiColleague.id
			})
		);
	});
	const page = async () => {
		const event = requestEvent({
			path: `/agents/org/${f.orgId}/plages/${wednesdays.id}`,
			params: { orgId: f.orgId, plageId: wednesdays.id },
			agent: f.agents.pmiColleague
		});
		const data = (await (plagePageLoad as unknown as (e: unknown) => Promise<Record<string, unknown>>)(event)) as {
			upcoming: { day: string; holiday?: string }[];
		};
		return data.upcoming.slice(0, 3).map((o) => [o.day, o.holiday]);
	};

	it('name the holiday that leaves an occurrence without slots, in the calendar, its feed and the page', async () => {
		const { occurrences } = ok(await plageCalendar(f.agents.pmiColleague, wednesdays.id, CHRISTMAS_WEEK));
		expect(occurrences.map((o) => [o.day, o.holiday])).toEqual([['2097-12-25', 'Noël']]);
		const feed = await callEndpoint(getOccurrences, {
			path: `/agents/org/${f.orgId}/plages/${wednesdays.id}/occurrences?${new URLSearchParams(CHRISTMAS_WEEK)}`,
			params: { orgId: f.orgId, plageId: wednesdays.id },
			agent: f.agents.pmiColleague
		});
		expect(feed.body).toMatchObject({ occurrences: [{ day: '2097-12-25', holiday: 'Noël' }] });
		expect(await page()).toEqual([
			['2097-12-18', undefined],
			['2097-12-25', 'Noël'],
			['2098-01-01', 'Jour de l’an']
		]);
	});

	it('say nothing when the territory works on holidays', async () => {
		await Territory.updateOne({ departementNumber: '62' }, { allowWorkOnHolidays: true });
		try {
			const { occurrences } = ok(await plageCalendar(f.agents.pmiColleague, wednesdays.id, CHRISTMAS_WEEK));
			expect(occurrences.map((o) => [o.day, o.holiday])).toEqual([['2097-12-25', undefined]]);
			expect((await page()).map(([, holiday]) => holiday)).toEqual([undefined, undefined, undefined]);
		} finally {
			await Territory.updateOne({ departementNumber: '62' }, { allowWorkOnHolidays: false });
		}
	});
});
