import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/lib/server/api/registry.ts';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { Absence, Motif, Rdv } from '../../src/lib/server/db/models/index.ts';
import { events } from '../../src/lib/server/events.ts';
import {
	createAbsence,
	deleteAbsence,
	getAbsence,
	listAbsenceConflicts,
	listAbsences,
	listOrganisationAbsences,
	updateAbsence,
	type AbsenceInput,
	type AbsenceSaveResult
} from '../../src/lib/server/services/absences.ts';
import * as absencesRoute from '../../src/routes/api/v1/absences/+server.ts';
import * as absenceRoute from '../../src/routes/api/v1/absences/[absenceId]/+server.ts';
import * as absenceConflictsRoute from '../../src/routes/api/v1/absences/[absenceId]/conflicts/+server.ts';
import * as absencePage from '../../src/routes/agents/org/[orgId]/indisponibilites/[absenceId]/+page.server.ts';
import * as newAbsencePage from '../../src/routes/agents/org/[orgId]/indisponibilites/nouvelle/+page.server.ts';
import { documentedApi, type Handler } from '../helpers/api-client.ts';
import { createPlageFixture, type PlageFixture } from '../helpers/plage-fixtures.ts';
import type { EventInit } from '../helpers/request-event.ts';
import { runRoute } from '../helpers/route-outcome.ts';
import { ok } from '../helpers/service-result.ts';

let f: PlageFixture;

beforeAll(async () => {
	f = await createPlageFixture();
});

const input = (fields: Partial<AbsenceInput> = {}): AbsenceInput => ({
	agentId: f.agents.pmi.id,
	title: 'Formation',
	firstDay: '2030-01-07',
	startTime: '09:00',
	endTime: '17:00',
	...fields
});

describe('indisponibilités', () => {
	it('creates one-day, several-day and recurring single-day absences, and publishes absence.changed', async () => {
		const seen: string[] = [];
		const off = events.on('absence.changed', (e) => void seen.push(e.absenceId));
		const one = ok(await createAbsence(f.agents.pmi, input()));
		off();
		expect(seen).toEqual([one.id]);
		expect(one).toMatchObject({
			endDay: '2030-01-07',
			recurrence: null,
			timeZone: 'Europe/Paris',
			lastOccurrenceDay: '2030-01-07'
		});

		const several = ok(await createAbsence(f.agents.pmi, input({ endDay: '2030-01-11', endTime: '12:00' })));
		expect(several).toMatchObject({ firstDay: '2030-01-07', endDay: '2030-01-11', lastOccurrenceDay: '2030-01-11' });

		const weekly = ok(
			await createAbsence(
				f.agents.pmi,
				input({
					title: 'Réunion d’équipe',
					startTime: '14:00',
					endTime: '15:00',
					recurrence: { every: 'week', interval: 2, weekdays: [1] }
				})
			)
		);
		expect(weekly).toMatchObject({ recurrence: { every: 'week', interval: 2, weekdays: [1] } });
		expect(weekly.lastOccurrenceDay).toBeUndefined();

		const listed = ok(await listAbsences(f.agents.pmi, f.agents.pmi.id)).map((a) => a.id);
		expect(listed.sort()).toEqual([one.id, several.id, weekly.id].sort());

		// On 2030-01-10 the one-day absence is over; the several-day one ends the next day; the weekly one never.
		const on = (day: string, period: 'current' | 'past') =>
			listAbsences(f.agents.pmi, f.agents.pmi.id, { period, now: new Date(`${day}T12:00:00Z`) });
		const ids = async (day: string, period: 'current' | 'past') => ok(await on(day, period)).map((a) => a.id);
		expect(await ids('2030-01-10', 'past')).toEqual([one.id]);
		expect((await ids('2030-01-10', 'current')).sort()).toEqual([several.id, weekly.id].sort());
		expect(await ids('2030-01-11', 'past')).toEqual([one.id]);
		expect((await ids('2030-01-12', 'past')).sort()).toEqual([one.id, several.id].sort());
		expect(await ids('2030-01-12', 'current')).toEqual([weekly.id]);
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});

	it('lists an organisation’s indisponibilités per view, only of the agendas the viewer sees', async () => {
		const pmi = ok(await createAbsence(f.agents.pmi, input({ firstDay: '2030-01-09', title: 'PMI' })));
		const colleague = ok(
			await createAbsence(f.agents.pmiColleague, input({ agentId: f.agents.pmiColleague.id, title: 'Collègue' }))
		);
		const social = ok(await createAbsence(f.agents.social, input({ agentId: f.agents.social.id, title: 'Social' })));
		const page = (actor: typeof f.agents.pmi, day: string, period: 'current' | 'past', agentId?: string) =>
			listOrganisationAbsences(actor, f.orgId, { period, agentId, now: new Date(`${day}T12:00:00Z`) });
		try {
			// Soonest first while ahead; the social worker's agenda is not the PMI agent's to see.
			const ahead = await page(f.agents.pmi, '2030-01-01', 'current');
			expect(ahead.absences.map((a) => a.id)).toEqual([colleague.id, pmi.id]);
			expect(ahead.agents.map((a) => a.id)).not.toContain(f.agents.social.id);
			// Latest first once over; one agent's with the filter.
			expect((await page(f.agents.pmi, '2030-02-01', 'past')).absences.map((a) => a.id)).toEqual([
				pmi.id,
				colleague.id
			]);
			expect((await page(f.agents.pmi, '2030-02-01', 'past', f.agents.pmi.id)).absences.map((a) => a.id)).toEqual([
				pmi.id
			]);
			expect((await page(f.agents.admin, '2030-01-01', 'current')).absences.map((a) => a.id)).toContain(social.id);
		} finally {
			await Absence.deleteMany({ _id: { $in: [pmi.id, colleague.id, social.id] } });
		}
	});

	it('rejects invalid absences with French field errors', async () => {
		expect(await createAbsence(f.agents.pmi, input({ endDay: '2030-01-06' }))).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { endDay: 'La date de fin doit suivre la date de début.' }
		});
		expect(
			await createAbsence(f.agents.pmi, input({ endDay: '2030-01-08', recurrence: { every: 'week', interval: 1 } }))
		).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { recurrence: expect.stringContaining('d’un jour') } });
		expect(await createAbsence(f.agents.pmi, input({ startTime: '17:00', endTime: '09:00' }))).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { endTime: expect.any(String) }
		});
		expect(await Absence.countDocuments({ agentId: f.agents.pmi.id })).toBe(0);
	});

	it('lets the agent, same-service colleagues, the Secrétariat and admins manage them; not others', async () => {
		const absence = ok(await createAbsence(f.agents.pmiColleague, input({ agentId: f.agents.pmiColleague.id })));
		for (const actor of [f.agents.pmi, f.agents.secretariat, f.agents.admin]) {
			expect(ok(await updateAbsence(actor, absence.id, { title: `Par ${actor.lastName}` })).title).toBe(
				`Par ${actor.lastName}`
			);
		}
		// A colleague of the same organisation is known: refused. Its absences are out of sight: unknown.
		expect(await createAbsence(f.agents.social, input())).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await getAbsence(f.agents.social, absence.id)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await deleteAbsence(f.agents.social, absence.id)).toMatchObject({ ok: false, code: 'not_found' });
		// The outsider shares MDS Autre with the PMI agent: same service there, so it may manage its absences,
		// agent-wide, but not those of the colleague who is only in MDS Test, whom it cannot know: unknown.
		expect(await listAbsences(f.agents.outsider, f.agents.pmiColleague.id)).toMatchObject({
			ok: false,
			code: 'not_found',
			message: 'Agent introuvable.'
		});
		expect(ok(await listAbsences(f.agents.outsider, f.agents.pmi.id))).toEqual([]);
		// The agent itself always may, even for its own agenda.
		expect(ok(await updateAbsence(f.agents.pmiColleague, absence.id, { endDay: '2030-01-08' })).endDay).toBe(
			'2030-01-08'
		);
		ok(await deleteAbsence(f.agents.pmiColleague, absence.id));
		expect(await getAbsence(f.agents.pmiColleague, absence.id)).toMatchObject({ ok: false, code: 'not_found' });
	});
});

describe('RDVs an indisponibilité runs into', () => {
	/** Before every RDV below: service calls pass it; API and page calls use the real clock (years earlier). */
	const NOW = new Date('2030-01-01T08:00:00Z');
	const rdv: Record<'consultation' | 'otherOrg' | 'revoked' | 'colleague' | 'afterwards', string> = {
		consultation: '',
		otherOrg: '',
		revoked: '',
		colleague: '',
		afterwards: ''
	};
	let otherMotifId = '';

	/** An RDV saved directly (Paris times, UTC+1 in January): only its time, agent, status and motif matter. */
	async function saveRdv(
		day: string,
		start: string,
		end: string,
		fields: { agentId?: string; organisationId?: string; motifId?: string; status?: string } = {}
	): Promise<string> {
		const utc = (time: string) =>
			new Date(`${day}T${String(Number(time.slice(0, 2)) - 1).padStart(2, '0')}${time.slice(2)}:00Z`);
		const motif = await Motif.findById(fields.motifId ?? f.motifs.onSite).lean();
		const doc = await new Rdv({
			startsAt: utc(start),
			endsAt: utc(end),
			timeZone: 'Europe/Paris',
			organisationId: fields.organisationId ?? f.orgId,
			motifId: motif!._id,
			serviceId: motif!.serviceId,
			locationType: motif!.locationType,
			agentIds: [fields.agentId ?? f.agents.pmi.id],
			participants: [{ usagerId: new Types.ObjectId() }],
			status: fields.status ?? 'unknown',
			createdBy: { kind: 'agent', agentId: f.agents.pmi.id }
		}).save();
		return String(doc._id);
	}

	beforeAll(async () => {
		const onSite = await Motif.findById(f.motifs.onSite).lean();
		const other = await Motif.create({
			organisationId: f.otherOrgId,
			serviceId: onSite!.serviceId,
			name: 'Entretien',
			durationMinutes: 30,
			locationType: 'phone'
		});
		otherMotifId = String(other._id);
		// Monday 7 January 2030 and Monday 14 January 2030.
		rdv.consultation = await saveRdv('2030-01-07', '10:00', '10:30');
		rdv.otherOrg = await saveRdv('2030-01-14', '14:00', '14:30', {
			organisationId: f.otherOrgId,
			motifId: otherMotifId
		});
		rdv.revoked = await saveRdv('2030-01-07', '11:00', '11:30', { status: 'revoked' });
		rdv.colleague = await saveRdv('2030-01-07', '10:00', '10:30', { agentId: f.agents.pmiColleague.id });
		// Right after a week of absence ending on the 14th at 17:00.
		rdv.afterwards = await saveRdv('2030-01-14', '17:00', '17:30');
	});

	afterAll(async () => {
		await Rdv.deleteMany({ _id: { $in: Object.values(rdv) } });
		await Motif.deleteOne({ _id: otherMotifId });
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});

	/** The RDVs a save warned about: those to confirm, or those it confirmed. */
	const warned = (result: AbsenceSaveResult) => ('warnings' in result ? result.warnings.map((w) => w.rdvId) : []);
	const week = (fields: Partial<AbsenceInput> = {}) => input({ endDay: '2030-01-14', endTime: '17:00', ...fields });

	it('asks to confirm the active RDVs of the agent it overlaps, in every organisation, then saves', async () => {
		const asked = await createAbsence(f.agents.pmi, week(), { now: NOW });
		expect(asked).toMatchObject({
			ok: false,
			code: 'needs_confirmation',
			message:
				'Cette indisponibilité chevauche 2 RDV : « Consultation » le 07/01/2030 de 10:00 à 10:30 (MDS Test) ; ' +
				'« Entretien » le 14/01/2030 de 14:00 à 14:30 (MDS Autre). ' +
				'Les RDV ne sont pas annulés : confirmez pour enregistrer malgré tout.',
			warnings: [
				{
					code: 'rdv_conflict',
					rdvId: rdv.consultation,
					organisationId: f.orgId,
					motifName: 'Consultation',
					day: '2030-01-07',
					startTime: '10:00',
					endTime: '10:30',
					startsAt: '2030-01-07T09:00:00.000Z'
				},
				{ rdvId: rdv.otherOrg, organisationId: f.otherOrgId, organisationName: 'MDS Autre', motifName: 'Entretien' }
			]
		});
		expect(await Absence.countDocuments({ agentId: f.agents.pmi.id })).toBe(0);

		const saved = await createAbsence(f.agents.pmi, week(), { now: NOW, confirm: true });
		expect(saved.ok && warned(saved)).toEqual([rdv.consultation, rdv.otherOrg]);
		if (!saved.ok) throw new Error(saved.message);
		// A colleague of MDS Test sees both conflicts, but not the id of the RDV in an organisation it is not in.
		const listed = ok(await listAbsenceConflicts(f.agents.pmiColleague, saved.value.id, { now: NOW }));
		expect(listed.map((w) => w.rdvId)).toEqual([rdv.consultation, undefined]);
		// RDVs already over are no longer listed.
		const later = ok(
			await listAbsenceConflicts(f.agents.pmi, saved.value.id, { now: new Date('2030-01-08T00:00:00Z') })
		);
		expect(later.map((w) => w.rdvId)).toEqual([rdv.otherOrg]);
		expect(await listAbsenceConflicts(f.agents.social, saved.value.id)).toMatchObject({ code: 'not_found' });
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});

	it('on an edit, asks only about the RDVs the change brings in', async () => {
		const absence = await createAbsence(f.agents.pmi, week(), { now: NOW, confirm: true });
		if (!absence.ok) throw new Error(absence.message);
		const id = absence.value.id;
		expect(await updateAbsence(f.agents.pmi, id, { title: 'Congés' }, { now: NOW })).toMatchObject({
			ok: true,
			warnings: []
		});
		expect(await updateAbsence(f.agents.pmi, id, { endDay: '2030-01-11' }, { now: NOW })).toMatchObject({
			ok: true,
			warnings: []
		});
		const extended = await updateAbsence(f.agents.pmi, id, { endDay: '2030-01-14' }, { now: NOW });
		expect(extended).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(warned(extended)).toEqual([rdv.otherOrg]);
		expect(ok(await getAbsence(f.agents.pmi, id)).endDay).toBe('2030-01-11');
		expect(await updateAbsence(f.agents.pmi, id, { endDay: '2030-01-14' }, { now: NOW, confirm: true })).toMatchObject({
			ok: true,
			value: { endDay: '2030-01-14' }
		});
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});

	it('checks each occurrence of a recurring absence, and nothing else', async () => {
		const mondayMornings = await createAbsence(
			f.agents.pmi,
			input({ startTime: '10:15', endTime: '11:00', recurrence: { every: 'week', interval: 1 } }),
			{ now: NOW }
		);
		expect(mondayMornings).toMatchObject({ code: 'needs_confirmation' });
		expect(warned(mondayMornings)).toEqual([rdv.consultation]);

		const everyOtherMondayFromThe14th = await createAbsence(
			f.agents.pmi,
			input({
				firstDay: '2030-01-14',
				startTime: '14:00',
				endTime: '15:00',
				recurrence: { every: 'week', interval: 2 }
			}),
			{ now: NOW }
		);
		expect(warned(everyOtherMondayFromThe14th)).toEqual([rdv.otherOrg]);

		// Tuesdays, and the evening of the 14th from the end of its last RDV: nothing to confirm.
		const tuesdays = input({ firstDay: '2030-01-08', recurrence: { every: 'week', interval: 1 } });
		expect(await createAbsence(f.agents.pmi, tuesdays, { now: NOW })).toMatchObject({
			ok: true,
			warnings: []
		});
		expect(
			await createAbsence(f.agents.pmi, input({ firstDay: '2030-01-14', startTime: '17:30', endTime: '19:00' }), {
				now: NOW
			})
		).toMatchObject({ ok: true, warnings: [] });
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});

	it('goes through the same confirmation on the pages, and the absence’s page lists the RDVs', async () => {
		const params = { orgId: f.orgId };
		const path = `/agents/org/${f.orgId}/indisponibilites/nouvelle`;
		const form = {
			agentId: f.agents.pmi.id,
			title: 'Congés',
			kind: 'several',
			firstDay: '2030-01-07',
			endDay: '2030-01-14',
			startTime: '09:00',
			endTime: '17:00'
		};
		const asked = await runRoute(newAbsencePage.actions.default, { path, params, agent: f.agents.pmi, form });
		expect(asked).toMatchObject({
			failure: { status: 409, data: { values: { title: 'Congés' }, warnings: [{ rdvId: rdv.consultation }, {}] } }
		});
		const saved = await runRoute(newAbsencePage.actions.default, {
			path,
			params,
			agent: f.agents.pmi,
			form: { ...form, confirm: 'on' }
		});
		expect(saved).toEqual({ redirect: `/agents/org/${f.orgId}/indisponibilites` });

		const absenceId = String((await Absence.findOne({ agentId: f.agents.pmi.id }).lean())!._id);
		const page = await runRoute(absencePage.load, {
			path: `/agents/org/${f.orgId}/indisponibilites/${absenceId}`,
			params: { ...params, absenceId },
			agent: f.agents.pmi
		});
		expect(page).toMatchObject({
			data: { conflicts: [{ rdvId: rdv.consultation }, { rdvId: rdv.otherOrg, organisationName: 'MDS Autre' }] }
		});
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});

	it('answers 409 needs_confirmation on the API, with the RDVs in details.warnings', async () => {
		const api = documentedApi(openApiDocument());
		const token = (await createApiToken(f.agents.pmi.id, 'Tests')).token;
		const call = (handler: Handler, init: EventInit) => api.call(handler, { ...init, token });
		const body = {
			agentId: f.agents.pmi.id,
			title: 'Congés',
			firstDay: '2030-01-07',
			endDay: '2030-01-11',
			startTime: '09:00',
			endTime: '17:00'
		};
		const asked = await call(absencesRoute.POST, { method: 'POST', path: '/api/v1/absences', body });
		expect(asked).toMatchObject({
			status: 409,
			body: {
				error: {
					code: 'needs_confirmation',
					message: expect.stringMatching(/^Cette indisponibilité chevauche 1 RDV : « Consultation » le 07\/01\/2030/),
					details: { warnings: [{ code: 'rdv_conflict', rdvId: rdv.consultation, day: '2030-01-07' }] }
				}
			}
		});
		const created = await call(absencesRoute.POST, {
			method: 'POST',
			path: '/api/v1/absences',
			body: { ...body, confirm: true }
		});
		expect(created).toMatchObject({ status: 201, body: { warnings: [{ rdvId: rdv.consultation }] } });
		const id = (created.body as { id: string }).id;
		const path = `/api/v1/absences/${id}`;
		const patch = (changes: Record<string, unknown>) =>
			call(absenceRoute.PATCH, { method: 'PATCH', path, params: { absenceId: id }, body: changes });
		expect(await patch({ endDay: '2030-01-14' })).toMatchObject({
			status: 409,
			body: { error: { code: 'needs_confirmation', details: { warnings: [{ rdvId: rdv.otherOrg }] } } }
		});
		expect(await patch({ endDay: '2030-01-14', confirm: true })).toMatchObject({
			status: 200,
			body: { endDay: '2030-01-14', warnings: [{ rdvId: rdv.otherOrg }] }
		});
		expect(await patch({ title: 'Congés d’hiver' })).toMatchObject({ status: 200, body: { warnings: [] } });
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});

	it('tells whoever may not see an RDV only its time: no motif, no name of an organisation it is not in', async () => {
		// The colleague manages the PMI agent's absences from MDS Test, where it is basic (PMI). It may not see the
		// agent's RDV in MDS Autre, nor the agent's RDV of the Service social in MDS Test.
		const social = await saveRdv('2030-01-09', '15:00', '15:30', { motifId: f.motifs.social });
		const hiddenOther = {
			organisationName: 'Autre organisation',
			motifName: 'Motif non communiqué',
			message: 'Un RDV le 14/01/2030 de 14:00 à 14:30 (autre organisation)'
		};
		const hiddenSocial = {
			organisationName: 'MDS Test',
			motifName: 'Motif non communiqué',
			message: 'Un RDV le 09/01/2030 de 15:00 à 15:30 (MDS Test)'
		};
		const seen = { rdvId: rdv.consultation, motifId: f.motifs.onSite, motifName: 'Consultation' };
		/** Nothing of the hidden RDVs but their time: no motif, no id, not the other organisation's name. */
		const tellsNothing = (value: unknown) => {
			const text = JSON.stringify(value);
			expect(text).not.toMatch(/Entretien|MDS Autre|Accueil social/);
			for (const id of [f.motifs.social, otherMotifId, rdv.otherOrg, social, f.otherOrgId])
				expect(text).not.toContain(id);
		};

		const asked = await createAbsence(f.agents.pmiColleague, week(), { now: NOW });
		expect(asked).toMatchObject({ code: 'needs_confirmation', warnings: [seen, hiddenSocial, hiddenOther] });
		tellsNothing(asked);
		// The agent itself works in both organisations and sees its RDVs: everything is named.
		const own = await createAbsence(f.agents.pmi, week(), { now: NOW });
		expect(own).toMatchObject({
			warnings: [
				seen,
				{ rdvId: social, motifName: 'Accueil social' },
				{ organisationName: 'MDS Autre', motifName: 'Entretien' }
			]
		});

		// Through the API (the 409, then the RDVs listed under the absence) and the pages.
		const api = documentedApi(openApiDocument());
		const token = (await createApiToken(f.agents.pmiColleague.id, 'Tests')).token;
		const body = { ...week(), confirm: undefined };
		const conflict = await api.call(absencesRoute.POST, { method: 'POST', path: '/api/v1/absences', token, body });
		expect(conflict).toMatchObject({
			status: 409,
			body: { error: { details: { warnings: [seen, hiddenSocial, hiddenOther] } } }
		});
		tellsNothing(conflict);
		const created = await api.call(absencesRoute.POST, {
			method: 'POST',
			path: '/api/v1/absences',
			token,
			body: { ...body, confirm: true }
		});
		expect(created.status).toBe(201);
		tellsNothing(created);
		const absenceId = (created.body as { id: string }).id;
		const listed = await api.call(absenceConflictsRoute.GET, {
			path: `/api/v1/absences/${absenceId}/conflicts`,
			params: { absenceId },
			token
		});
		expect(listed).toMatchObject({ status: 200, body: { data: [seen, hiddenSocial, hiddenOther] } });
		tellsNothing(listed);

		const page = await runRoute(absencePage.load, {
			path: `/agents/org/${f.orgId}/indisponibilites/${absenceId}`,
			params: { orgId: f.orgId, absenceId },
			agent: f.agents.pmiColleague
		});
		expect(page).toMatchObject({ data: { conflicts: [seen, hiddenSocial, hiddenOther] } });
		tellsNothing(page);
		const form = { agentId: f.agents.pmi.id, title: 'Congés', kind: 'several', firstDay: '2030-01-07' };
		const warned = await runRoute(newAbsencePage.actions.default, {
			path: `/agents/org/${f.orgId}/indisponibilites/nouvelle`,
			params: { orgId: f.orgId },
			agent: f.agents.pmiColleague,
			form: { ...form, endDay: '2030-01-14', startTime: '09:00', endTime: '17:00' }
		});
		expect(warned).toMatchObject({ failure: { status: 409, data: { warnings: [seen, hiddenSocial, hiddenOther] } } });
		tellsNothing(warned);

		await Rdv.deleteOne({ _id: social });
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});
});
