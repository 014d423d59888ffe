import { beforeAll, describe, expect, it } from 'vitest';
import { Absence } from '../../src/lib/server/db/models/index.ts';
import { events } from '../../src/lib/server/events.ts';
import {
	createAbsence,
	deleteAbsence,
	getAbsence,
	listAbsences,
	updateAbsence,
	type AbsenceInput
} from '../../src/lib/server/services/absences.ts';
import { createPlageFixture, type PlageFixture } from '../helpers/plage-fixtures.ts';

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

function ok<T>(result: { ok: true; value: T } | { ok: false; reason: string; message: string }): T {
	if (!result.ok) throw new Error(`${result.reason}: ${result.message}`);
	return result.value;
}

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
		await Absence.deleteMany({ agentId: f.agents.pmi.id });
	});

	it('rejects invalid absences with French field errors', async () => {
		expect(await createAbsence(f.agents.pmi, input({ endDay: '2030-01-06' }))).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { endDay: 'La date de fin doit suivre la date de début.' }
		});
		expect(
			await createAbsence(f.agents.pmi, input({ endDay: '2030-01-08', recurrence: { every: 'week', interval: 1 } }))
		).toMatchObject({ ok: false, reason: 'invalid', errors: { recurrence: expect.stringContaining('d’un jour') } });
		expect(await createAbsence(f.agents.pmi, input({ startTime: '17:00', endTime: '09:00' }))).toMatchObject({
			ok: false,
			reason: 'invalid',
			errors: { endTime: expect.any(String) }
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
		expect(await createAbsence(f.agents.social, input())).toMatchObject({ ok: false, reason: 'forbidden' });
		expect(await getAbsence(f.agents.social, absence.id)).toMatchObject({ ok: false, reason: 'forbidden' });
		expect(await deleteAbsence(f.agents.social, absence.id)).toMatchObject({ ok: false, reason: 'forbidden' });
		// The outsider shares MDS Autre with the PMI agent: same service there, so it may manage its absences,
		// agent-wide, but not those of the colleague who is only in MDS Test.
		expect(await listAbsences(f.agents.outsider, f.agents.pmiColleague.id)).toMatchObject({
			ok: false,
			reason: 'forbidden'
		});
		expect(ok(await listAbsences(f.agents.outsider, f.agents.pmi.id))).toEqual([]);
		// The agent itself always may, even for its own agenda.
		expect(ok(await updateAbsence(f.agents.pmiColleague, absence.id, { endDay: '2030-01-08' })).endDay).toBe(
			'2030-01-08'
		);
		ok(await deleteAbsence(f.agents.pmiColleague, absence.id));
		expect(await getAbsence(f.agents.pmiColleague, absence.id)).toMatchObject({ ok: false, reason: 'not_found' });
	});
});
