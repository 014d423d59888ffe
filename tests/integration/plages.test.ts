import { beforeAll, describe, expect, it } from 'vitest';
import { occurrences } from '../../src/lib/domain/recurrence.ts';
import { PlageOuverture } from '../../src/lib/server/db/models/index.ts';
import { events } from '../../src/lib/server/events.ts';
import { JOBS_COLLECTION, runJobNow, startJobs } from '../../src/lib/server/jobs/index.ts';
import {
	cancelFollowing,
	cancelOccurrence,
	createPlage,
	deletePlage,
	duplicatePlage,
	editFollowing,
	getPlage,
	listPlages,
	overrideOccurrence,
	restoreOccurrence,
	updatePlage,
	type PlageDto,
	type PlageInput
} from '../../src/lib/server/services/plages.ts';
import mongoose from 'mongoose';
import { createPlageFixture, weeklyPlage, type PlageFixture } from '../helpers/plage-fixtures.ts';
import { ok } from '../helpers/service-result.ts';

/** 2030-01-07 is a Monday; "now" is the Tuesday before. */
const now = new Date('2030-01-01T08:00:00Z');
const MONDAY = '2030-01-07';
let f: PlageFixture;

beforeAll(async () => {
	f = await createPlageFixture();
});

const weeklyInput = (fields: Partial<PlageInput> = {}): PlageInput => weeklyPlage(f, MONDAY, [1, 3], fields);

const days = (p: PlageDto, from: string, to: string) => occurrences(p, from, to).map((o) => o.day);

describe('plages d’ouverture', () => {
	it('creates a weekly plage, computes its occurrences and publishes plage.changed', async () => {
		const seen: string[] = [];
		const off = events.on('plage.changed', (e) => void seen.push(e.plageId));
		const plage = ok(await createPlage(f.agents.pmi, f.orgId, weeklyInput(), { now }));
		off();
		expect(seen).toEqual([plage.id]);
		expect(plage).toMatchObject({ organisationId: f.orgId, timeZone: 'Europe/Paris', lastOccurrenceDay: undefined });
		expect(days(plage, MONDAY, '2030-01-17')).toEqual(['2030-01-07', '2030-01-09', '2030-01-14', '2030-01-16']);
		expect(ok(await getPlage(f.agents.pmi, plage.id)).id).toBe(plage.id);
		await deletePlage(f.agents.pmi, plage.id);
	});

	it('rejects invalid input with French field errors', async () => {
		const noLieu = await createPlage(f.agents.pmi, f.orgId, weeklyInput({ lieuId: null }), { now });
		expect(noLieu).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { lieuId: expect.stringContaining('lieu') }
		});
		// A phone motif needs no lieu.
		const phone = ok(
			await createPlage(f.agents.pmi, f.orgId, weeklyInput({ lieuId: null, motifIds: [f.motifs.phone] }), { now })
		);
		await deletePlage(f.agents.pmi, phone.id);
		const bad = await createPlage(
			f.agents.pmi,
			f.orgId,
			weeklyInput({ startTime: '12:00', endTime: '09:00', motifIds: [f.motifs.collective] }),
			{ now }
		);
		expect(bad).toMatchObject({ ok: false, code: 'invalid' });
		if (bad.ok || bad.code !== 'invalid') throw new Error('expected invalid');
		expect(Object.keys(bad.fieldErrors).sort()).toEqual(['endTime', 'motifIds']);
		const otherService = await createPlage(f.agents.pmi, f.orgId, weeklyInput({ motifIds: [f.motifs.social] }), {
			now
		});
		expect(otherService).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { motifIds: expect.any(String) } });
		expect(await PlageOuverture.countDocuments({ agentId: f.agents.pmi.id })).toBe(0);
	});

	it('warns about overlaps (in any organisation) and too-long motifs until confirmed', async () => {
		const first = ok(await createPlage(f.agents.pmi, f.orgId, weeklyInput(), { now }));
		// The same agent's plage in another organisation counts too.
		const elsewhere = await PlageOuverture.create({
			organisationId: f.otherOrgId,
			agentId: f.agents.pmi.id,
			title: 'Ailleurs',
			motifIds: [f.motifs.phone],
			firstDay: '2030-01-08',
			startTime: '09:00',
			endTime: '10:00',
			recurrence: { every: 'week', interval: 2 },
			timeZone: 'Europe/Paris'
		});
		const tuesday = await createPlage(
			f.agents.pmi,
			f.orgId,
			weeklyInput({
				firstDay: '2030-01-15',
				startTime: '09:30',
				recurrence: { every: 'week', interval: 1, weekdays: [2] }
			}),
			{ now }
		);
		expect(tuesday).toMatchObject({
			ok: false,
			code: 'needs_confirmation',
			warnings: [{ code: 'overlap', day: '2030-01-22' }]
		});
		// Another organisation's plage is neither named nor identified (its id and organisation stay there).
		expect(JSON.stringify(tuesday)).not.toMatch(new RegExp(`${elsewhere._id}|${f.otherOrgId}`));
		await elsewhere.deleteOne();

		const overlapping = weeklyInput({
			firstDay: '2030-01-16',
			startTime: '11:00',
			endTime: '13:00',
			motifIds: [f.motifs.long],
			recurrence: { every: 'week', interval: 1, weekdays: [3] }
		});
		const refused = await createPlage(f.agents.pmi, f.orgId, overlapping, { now });
		expect(refused).toMatchObject({ ok: false, code: 'needs_confirmation' });
		if (refused.ok || refused.code !== 'needs_confirmation') throw new Error('expected warnings');
		expect(refused.warnings.map((w) => w.code).sort()).toEqual(['motif_too_long', 'overlap']);
		expect(refused.warnings.find((w) => w.code === 'overlap')).toMatchObject({ plageId: first.id, day: '2030-01-16' });
		expect(await PlageOuverture.countDocuments({ agentId: f.agents.pmi.id })).toBe(1);

		const confirmed = await createPlage(f.agents.pmi, f.orgId, overlapping, { now, confirm: true });
		expect(confirmed.ok && confirmed.warnings.length).toBe(2);
		// Another agent's plage at the same time is no overlap.
		const colleague = ok(
			await createPlage(f.agents.pmiColleague, f.orgId, weeklyInput({ agentId: f.agents.pmiColleague.id }), { now })
		);
		for (const id of [first.id, confirmed.ok ? confirmed.value.id : '', colleague.id])
			await deletePlage(f.agents.admin, id);
	});

	it('cancels, overrides and restores one occurrence', async () => {
		const plage = ok(await createPlage(f.agents.pmi, f.orgId, weeklyInput(), { now }));
		const cancelled = ok(await cancelOccurrence(f.agents.pmi, plage.id, '2030-01-09'));
		expect(days(cancelled, MONDAY, '2030-01-15')).toEqual(['2030-01-07', '2030-01-14']);
		const stored = await PlageOuverture.findById(plage.id).lean();
		expect(stored?.exceptions).toEqual([expect.objectContaining({ day: '2030-01-09', cancelled: true })]);

		expect(await cancelOccurrence(f.agents.pmi, plage.id, '2030-01-08')).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { day: expect.stringContaining('n’est pas une occurrence') }
		});

		const overridden = ok(
			await overrideOccurrence(f.agents.pmi, plage.id, '2030-01-14', { startTime: '14:00', endTime: '16:00' }, { now })
		);
		expect(occurrences(overridden, '2030-01-14', '2030-01-15')).toEqual([
			expect.objectContaining({ day: '2030-01-14', startTime: '14:00', endTime: '16:00', overridden: true })
		]);
		const restored = ok(await restoreOccurrence(f.agents.pmi, plage.id, '2030-01-09'));
		expect(days(restored, MONDAY, '2030-01-10')).toEqual(['2030-01-07', '2030-01-09']);
		expect(restored.exceptions.map((e) => e.day)).toEqual(['2030-01-14']);
		await deletePlage(f.agents.pmi, plage.id);
	});

	it('edits "this occurrence and the following ones" into two consistent documents', async () => {
		const plage = ok(
			await createPlage(
				f.agents.pmi,
				f.orgId,
				weeklyInput({ recurrence: { every: 'week', interval: 1, weekdays: [1, 3], until: '2030-02-28' } }),
				{ now }
			)
		);
		ok(await cancelOccurrence(f.agents.pmi, plage.id, '2030-01-09'));
		ok(await cancelOccurrence(f.agents.pmi, plage.id, '2030-01-23'));

		const split = ok(
			await editFollowing(f.agents.pmi, plage.id, '2030-01-21', { startTime: '13:00', endTime: '17:00' }, { now })
		);
		expect(split.before).toMatchObject({ id: plage.id, lastOccurrenceDay: '2030-01-16' });
		expect(split.before?.recurrence?.until).toBe('2030-01-20');
		expect(split.before?.exceptions.map((e) => e.day)).toEqual(['2030-01-09']);
		expect(split.after).toMatchObject({ firstDay: '2030-01-21', startTime: '13:00', endTime: '17:00' });
		expect(split.after.id).not.toBe(plage.id);
		expect(split.after.recurrence).toMatchObject({ weekdays: [1, 3], until: '2030-02-28' });
		expect(split.after.exceptions.map((e) => e.day)).toEqual(['2030-01-23']);
		expect(await PlageOuverture.countDocuments({ agentId: f.agents.pmi.id })).toBe(2);

		// Together, the two series give exactly the original days, the later ones with the new hours.
		const all = [split.before!, split.after].flatMap((p) => occurrences(p, MONDAY, '2030-03-01'));
		expect(all.map((o) => o.day)).toEqual(
			days(plage, MONDAY, '2030-03-01').filter((d) => !['2030-01-09', '2030-01-23'].includes(d))
		);
		expect(new Set(all.filter((o) => o.day >= '2030-01-21').map((o) => o.startTime))).toEqual(new Set(['13:00']));
		expect(new Set(all.filter((o) => o.day < '2030-01-21').map((o) => o.startTime))).toEqual(new Set(['09:00']));

		// From the first day on, the series changes in place.
		const whole = ok(await editFollowing(f.agents.pmi, split.after.id, '2030-01-21', { title: 'Après-midi' }, { now }));
		expect(whole.before).toBeNull();
		expect(whole.after).toMatchObject({ id: split.after.id, title: 'Après-midi' });

		// Cancelling from an occurrence on ends the series the day before.
		const ended = ok(await cancelFollowing(f.agents.pmi, split.after.id, '2030-02-04'));
		expect(ended?.lastOccurrenceDay).toBe('2030-01-30');
		await deletePlage(f.agents.pmi, plage.id);
		await deletePlage(f.agents.pmi, split.after.id);
	});

	it('restores the first document when saving the second one fails', async () => {
		const plage = ok(await createPlage(f.agents.pmi, f.orgId, weeklyInput(), { now }));
		const original = await PlageOuverture.findById(plage.id).lean();
		let fail = true;
		// A save failure of the new document only: an I/O error after validation passed.
		const spy = PlageOuverture.prototype.save;
		PlageOuverture.prototype.save = function (this: InstanceType<typeof PlageOuverture>, ...args: never[]) {
			if (fail && this.isNew) {
				fail = false;
				return Promise.reject(new Error('disk full'));
			}
			return spy.apply(this, args);
		} as typeof spy;
		try {
			await expect(
				editFollowing(f.agents.pmi, plage.id, '2030-01-14', { startTime: '10:00' }, { now })
			).rejects.toThrow('disk full');
		} finally {
			PlageOuverture.prototype.save = spy;
		}
		const after = await PlageOuverture.find({ agentId: f.agents.pmi.id }).lean();
		expect(after).toHaveLength(1);
		expect(after[0]?.recurrence).toEqual(original?.recurrence);
		expect(after[0]?.lastOccurrenceDay).toBeUndefined();
		await deletePlage(f.agents.pmi, plage.id);
	});

	it('follows the agenda permissions', async () => {
		const plage = ok(await createPlage(f.agents.pmi, f.orgId, weeklyInput(), { now }));
		// Basic agent of another service: refused to create on that colleague's agenda (a member it knows) and,
		// its plages being out of sight, told they do not exist when editing.
		expect(await createPlage(f.agents.social, f.orgId, weeklyInput(), { now })).toMatchObject({
			ok: false,
			code: 'forbidden'
		});
		expect(await updatePlage(f.agents.social, plage.id, { title: 'x' }, { now })).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		// A plage of an agenda out of sight reads as unknown, like one of another organisation.
		expect(await cancelOccurrence(f.agents.social, plage.id, MONDAY)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await getPlage(f.agents.social, plage.id)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await listPlages(f.agents.social, f.orgId, { expired: false, now })).toEqual([]);
		// Not a member of the organisation.
		expect(await getPlage(f.agents.outsider, plage.id)).toMatchObject({ ok: false, code: 'not_found' });
		// Same-service colleague, Secrétariat and admin may.
		for (const actor of [f.agents.pmiColleague, f.agents.secretariat, f.agents.admin]) {
			expect(ok(await updatePlage(actor, plage.id, { title: `Par ${actor.lastName}` }, { now })).title).toBe(
				`Par ${actor.lastName}`
			);
		}
		// A plage asked for under another organisation does not exist there.
		expect(await getPlage(f.agents.admin, plage.id, { organisationId: f.otherOrgId })).toMatchObject({
			code: 'not_found'
		});
		await deletePlage(f.agents.admin, plage.id);
	});

	it('lists current and expired plages and duplicates one', async () => {
		const current = ok(await createPlage(f.agents.pmi, f.orgId, weeklyInput(), { now }));
		const old = ok(
			await createPlage(f.agents.pmi, f.orgId, weeklyInput({ firstDay: '2029-06-04', recurrence: null }), { now })
		);
		const copy = ok(await duplicatePlage(f.agents.pmi, current.id, { agentId: f.agents.pmiColleague.id }, { now }));
		expect(copy).toMatchObject({ agentId: f.agents.pmiColleague.id, title: 'Permanence', exceptions: [] });
		expect((await listPlages(f.agents.admin, f.orgId, { expired: false, now })).map((p) => p.id).sort()).toEqual(
			[current.id, copy.id].sort()
		);
		expect((await listPlages(f.agents.admin, f.orgId, { expired: true, now })).map((p) => p.id)).toEqual([old.id]);
		expect(
			(await listPlages(f.agents.admin, f.orgId, { agentId: f.agents.pmiColleague.id, expired: false, now })).map(
				(p) => p.id
			)
		).toEqual([copy.id]);
		for (const id of [current.id, old.id, copy.id]) await deletePlage(f.agents.admin, id);
	});
});

describe('retention job', () => {
	it('deletes only plages whose last occurrence is more than a year old', async () => {
		const today = new Date().toISOString().slice(0, 10);
		const shift = (months: number) => {
			const d = new Date(`${today}T00:00:00Z`);
			d.setUTCMonth(d.getUTCMonth() + months);
			return d.toISOString().slice(0, 10);
		};
		const base = {
			organisationId: f.orgId,
			agentId: f.agents.pmi.id,
			title: 'Ancienne',
			motifIds: [f.motifs.phone],
			startTime: '09:00',
			endTime: '10:00',
			timeZone: 'Europe/Paris'
		};
		const [oldSingle, oldSeries, recent, endless] = await Promise.all(
			[
				{ ...base, firstDay: shift(-14) },
				{ ...base, firstDay: shift(-30), recurrence: { every: 'week', interval: 1, until: shift(-13) } },
				{ ...base, firstDay: shift(-11) },
				{ ...base, firstDay: shift(-30), recurrence: { every: 'month', interval: 1 } }
			].map((fields) => new PlageOuverture(fields).save())
		);
		const worker = await startJobs({ schedulePeriodic: false, processEveryMs: 200 });
		try {
			await (
				await runJobNow('purge-expired-plages', {})
			).finished;
		} finally {
			await worker.stop();
			await mongoose.connection.collection(JOBS_COLLECTION).deleteMany({});
		}
		const left = (await PlageOuverture.find({ agentId: f.agents.pmi.id }).lean()).map((p) => String(p._id)).sort();
		expect(left).toEqual([String(recent!._id), String(endless!._id)].sort());
		expect(left).not.toContain(String(oldSingle!._id));
		expect(left).not.toContain(String(oldSeries!._id));
		await PlageOuverture.deleteMany({ agentId: f.agents.pmi.id });
	});
});

describe('plage pages', () => {
	it('creates a recurring plage through the form action, asking to confirm warnings', async () => {
		const { actions } = await import('../../src/routes/agents/org/[orgId]/plages/nouvelle/+page.server.ts');
		const { requestEvent } = await import('../helpers/request-event.ts');
		const post = async (extra: Record<string, string> = {}) => {
			const body = new FormData();
			for (const [k, v] of Object.entries({
				agentId: f.agents.pmi.id,
				title: 'Permanence du lundi',
				lieuId: f.lieuId,
				firstDay: MONDAY,
				startTime: '09:00',
				endTime: '12:00',
				repeat: 'on',
				every: 'week',
				interval: '1',
				until: '',
				...extra
			}))
				body.append(k, v);
			body.append('motifIds', f.motifs.onSite);
			body.append('weekdays', '1');
			body.append('weekdays', '4');
			const event = requestEvent({
				method: 'POST',
				path: `/agents/org/${f.orgId}/plages/nouvelle`,
				params: { orgId: f.orgId },
				agent: f.agents.pmi,
				body
			});
			return actions.default(event as never);
		};
		const redirect = await post().catch((e: unknown) => e);
		expect(redirect).toMatchObject({
			status: 303,
			location: expect.stringMatching(/\/plages\/[0-9a-f]{24}\?creee=1$/)
		});
		const [stored] = await PlageOuverture.find({ agentId: f.agents.pmi.id }).lean();
		expect(stored).toMatchObject({
			title: 'Permanence du lundi',
			recurrence: { every: 'week', interval: 1, weekdays: [1, 4] }
		});

		// The same again overlaps: the form comes back with the warning, then saves once confirmed.
		const warned = await post();
		expect(warned).toMatchObject({ status: 409, data: { warnings: [{ code: 'overlap' }] } });
		expect(await post({ confirm: 'on' }).catch((e: unknown) => e)).toMatchObject({ status: 303 });

		const invalid = await post({ startTime: '9h', title: '' });
		expect(invalid).toMatchObject({
			status: 400,
			data: { errors: { startTime: expect.any(String), title: expect.any(String) } }
		});
		await PlageOuverture.deleteMany({ agentId: f.agents.pmi.id });
	});

	it('never names another organisation’s plage in an overlap warning: service, API, form, occurrence edits', async () => {
		const { actions } = await import('../../src/routes/agents/org/[orgId]/plages/nouvelle/+page.server.ts');
		const plagesApi = await import('../../src/routes/api/v1/organisations/[orgId]/plages/+server.ts');
		const occurrenceApi =
			await import('../../src/routes/api/v1/organisations/[orgId]/plages/[plageId]/occurrences/[day]/+server.ts');
		const { createApiToken } = await import('../../src/lib/server/auth/api-token.ts');
		const { callEndpoint } = await import('../helpers/request-event.ts');
		const { runRoute } = await import('../helpers/route-outcome.ts');
		const token = (await createApiToken(f.agents.admin.id, 'Tests')).token;
		// The PMI agent also works in MDS Autre, on Mondays from 09:00: a title internal to that organisation.
		const secret = await PlageOuverture.create({
			organisationId: f.otherOrgId,
			agentId: f.agents.pmi.id,
			title: 'Permanence secrète',
			motifIds: [f.motifs.phone],
			firstDay: '2031-01-06',
			startTime: '09:00',
			endTime: '12:00',
			recurrence: { every: 'week', interval: 1, weekdays: [1] },
			timeZone: 'Europe/Paris'
		});
		const masked = 'Chevauchement avec une plage d’une autre organisation le 06/01/2031.';
		const leaks = (value: unknown) => JSON.stringify(value).includes('secrète');
		const monday = weeklyPlage(f, '2031-01-06', [1], { startTime: '10:00', endTime: '11:00' });

		// The service, as the admin of MDS Test books the agent's time there.
		const refused = await createPlage(f.agents.admin, f.orgId, monday, { now });
		expect(refused).toMatchObject({
			ok: false,
			code: 'needs_confirmation',
			message: `${masked} Confirmez pour enregistrer malgré tout.`
		});
		expect(leaks(refused)).toBe(false);

		// The API: the 409 and, once confirmed, the warnings of the 201.
		const post = (body: unknown) =>
			callEndpoint(plagesApi.POST, {
				method: 'POST',
				path: `/api/v1/organisations/${f.orgId}/plages`,
				params: { orgId: f.orgId },
				headers: { authorization: `Bearer ${token}` },
				body
			});
		const conflict = await post(monday);
		expect(conflict).toMatchObject({
			status: 409,
			body: { error: { code: 'needs_confirmation', details: { warnings: [{ code: 'overlap', message: masked }] } } }
		});
		expect(leaks(conflict)).toBe(false);
		const created = await post({ ...monday, confirm: true });
		expect(created).toMatchObject({ status: 201, body: { warnings: [{ message: masked }] } });
		expect(leaks(created)).toBe(false);
		const plageId = (created.body as { id: string }).id;

		// One occurrence moved onto the other organisation's hours, through the API.
		const moved = await callEndpoint(occurrenceApi.PATCH, {
			method: 'PATCH',
			path: `/api/v1/organisations/${f.orgId}/plages/${plageId}/occurrences/2031-01-13`,
			params: { orgId: f.orgId, plageId, day: '2031-01-13' },
			headers: { authorization: `Bearer ${token}` },
			body: { startTime: '11:00', endTime: '11:30' }
		});
		expect(moved).toMatchObject({ status: 409, body: { error: { code: 'needs_confirmation' } } });
		expect(JSON.stringify(moved.body)).toContain('une plage d’une autre organisation le 13/01/2031');
		expect(leaks(moved)).toBe(false);

		// The form: the warning shown to confirm.
		const form = {
			agentId: f.agents.pmi.id,
			title: 'Lundi',
			lieuId: f.lieuId,
			motifIds: f.motifs.onSite,
			firstDay: '2031-01-06',
			startTime: '10:00',
			endTime: '11:00'
		};
		const warned = await runRoute(actions.default, {
			path: `/agents/org/${f.orgId}/plages/nouvelle`,
			params: { orgId: f.orgId },
			agent: f.agents.admin,
			form
		});
		expect(warned).toMatchObject({
			failure: {
				status: 409,
				data: { warnings: expect.arrayContaining([expect.objectContaining({ message: masked })]) }
			}
		});
		expect(leaks(warned)).toBe(false);

		await PlageOuverture.deleteMany({ agentId: f.agents.pmi.id });
		expect(await PlageOuverture.exists({ _id: secret._id })).toBeNull();
	});
});
