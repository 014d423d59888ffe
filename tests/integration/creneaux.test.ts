import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Absence, Motif, Rdv, Territory } from '../../src/lib/server/db/models/index.ts';
import { bookRdv } from '../../src/lib/server/services/booking/index.ts';
import {
	CreneauxQueryError,
	loadAvailabilityInput,
	nextCreneau,
	searchCreneaux,
	searchLieuxWithNextAvailability,
	searchOtherOrganisations
} from '../../src/lib/server/services/creneaux.ts';
import {
	createSchedulingFixture,
	FIRST_MONDAY,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;

const week = (from = FIRST_MONDAY, to = '2027-03-29') => ({
	organisationId: f.arras,
	motifId: f.motif,
	from,
	to,
	audience: 'agent' as const,
	now: NOW
});

/** Start times ('HH:MM') per day of a search's slots. */
function timesByDay(slots: { day: string; time: string }[]): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const s of slots) (out[s.day] ??= []).push(s.time);
	return out;
}

const MORNING = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];

beforeAll(async () => {
	f = await createSchedulingFixture();
	// Tuesday: absent 09:00–10:00. Wednesday 10:00: an RDV in ANOTHER organisation (Lens). Thursday 09:00: a
	// revoked RDV, which frees its time.
	await Absence.create({
		agentId: f.alice,
		title: 'Formation',
		firstDay: '2027-03-23',
		endDay: '2027-03-23',
		startTime: '09:00',
		endTime: '10:00',
		timeZone: 'Europe/Paris'
	});
	const lensRdv = {
		timeZone: 'Europe/Paris' as const,
		organisationId: f.lens,
		motifId: f.lensMotif,
		serviceId: f.pmi,
		locationType: 'public_office' as const,
		agentIds: [f.alice],
		participants: [{ usagerId: f.usager }],
		createdBy: { kind: 'agent' as const, agentId: f.alice }
	};
	await Rdv.create([
		{ ...lensRdv, startsAt: paris('2027-03-24', '10:00'), endsAt: paris('2027-03-24', '10:30') },
		{
			...lensRdv,
			startsAt: paris('2027-03-25', '09:00'),
			endsAt: paris('2027-03-25', '09:30'),
			status: 'revoked' as const
		}
	]);
});

describe('searchCreneaux', () => {
	it('cuts slots from the plages minus absences and RDVs of any organisation', async () => {
		const result = await searchCreneaux(week());
		expect(result).not.toBeNull();
		expect(result!.timeZone).toBe('Europe/Paris');
		expect(result!.agents.map((a) => a.id)).toEqual([f.alice]);
		expect(result!.agents[0]).toMatchObject({ firstName: 'Alice', lastName: 'Martin' });
		expect(result!.lieux).toEqual([{ id: f.lieu, name: 'MDS Arras centre', address: '1 rue du Centre, 62000 Arras' }]);
		expect(timesByDay(result!.slots)).toEqual({
			'2027-03-22': MORNING,
			'2027-03-23': ['10:00', '10:30', '11:00', '11:30'],
			'2027-03-24': ['09:00', '09:30', '10:30', '11:00', '11:30'],
			'2027-03-25': MORNING,
			'2027-03-26': MORNING
		});
		expect(result!.slots[0]).toMatchObject({
			agentId: f.alice,
			lieuId: f.lieu,
			startsAt: '2027-03-22T08:00:00.000Z',
			endsAt: '2027-03-22T08:30:00.000Z'
		});
		expect(result!.merged).toHaveLength(result!.slots.length);
		expect(result!.merged[0].agentIds).toEqual([f.alice]);
		expect(result!.emptyReason).toBeUndefined();
	});

	it('skips public holidays (Easter Monday) across the DST change, unless the territory works on them', async () => {
		const result = await searchCreneaux(week('2027-03-29', '2027-03-31'));
		expect(timesByDay(result!.slots)).toEqual({ '2027-03-30': MORNING });
		// Summer time: 09:00 in Paris is 07:00 UTC.
		expect(result!.slots[0].startsAt).toBe('2027-03-30T07:00:00.000Z');
		expect(result!.holidays).toEqual([{ day: '2027-03-29', name: 'Lundi de Pâques' }]);

		await Territory.updateOne({ _id: f.territoryId }, { allowWorkOnHolidays: true });
		try {
			const open = await searchCreneaux(week('2027-03-29', '2027-03-31'));
			expect(Object.keys(timesByDay(open!.slots))).toEqual(['2027-03-29', '2027-03-30']);
			expect(open!.holidays).toEqual([]);
		} finally {
			await Territory.updateOne({ _id: f.territoryId }, { allowWorkOnHolidays: false });
		}
	});

	it('explains empty results', async () => {
		const before = await searchCreneaux(week('2027-03-01', '2027-03-08'));
		expect(before!.slots).toEqual([]);
		expect(before!.emptyReason).toBe('no_plage');
		expect(before!.emptyMessage).toMatch(/Aucune plage/);

		// Usagers: 30 min … 90 days ahead of now; a week a year later is outside the window.
		const late = await searchCreneaux({ ...week(), audience: 'usager', now: new Date('2026-03-01T08:00:00Z') });
		expect(late!.emptyReason).toBe('outside_window');
	});

	it('filters agents and respects who may see which agenda', async () => {
		const bobOnly = await searchCreneaux({ ...week(), agentIds: [f.bob] });
		expect(bobOnly!.slots).toEqual([]);
		expect(bobOnly!.emptyReason).toBe('no_plage');

		// Bob shares Alice's service (PMI): he sees her slots. Carla (Service social) sees neither the motif nor them.
		const asBob = await searchCreneaux({ ...week(), viewer: f.agents.bob });
		expect(asBob!.slots.length).toBe(27);
		expect(await searchCreneaux({ ...week(), viewer: f.agents.carla })).toBeNull();
	});

	it('refuses bad ranges and unknown motifs', async () => {
		await expect(searchCreneaux(week('2027-03-29', '2027-03-22'))).rejects.toBeInstanceOf(CreneauxQueryError);
		await expect(searchCreneaux(week('2027-03-01', '2027-06-01'))).rejects.toBeInstanceOf(CreneauxQueryError);
		await expect(searchCreneaux(week('2027-3-1', '2027-03-08'))).rejects.toBeInstanceOf(CreneauxQueryError);
		expect(await searchCreneaux({ ...week(), motifId: new Types.ObjectId().toHexString() })).toBeNull();
		// The Lens motif is not Arras's.
		expect(await searchCreneaux({ ...week(), motifId: f.lensMotif })).toBeNull();
	});
});

describe('loadAvailabilityInput', () => {
	it('loads the RDVs of the agents in every organisation, with equality-selected queries', async () => {
		const loaded = await loadAvailabilityInput({
			organisationIds: [f.arras],
			motifId: f.motif,
			from: FIRST_MONDAY,
			to: '2027-03-29'
		});
		expect(loaded!.agentIds).toEqual([f.alice]);
		expect(loaded!.input.rdvs.map((r) => r.organisationId)).toEqual([f.lens, f.lens]);
		expect(loaded!.input.absences).toHaveLength(1);
		expect(loaded!.input.territory).toEqual({
			departement: '62',
			timeZone: 'Europe/Paris',
			allowWorkOnHolidays: false
		});
	});
});

describe('next availability and lieu cards', () => {
	it('finds the next slot, skipping holidays and weeks without plages', async () => {
		const next = await nextCreneau({
			organisationId: f.arras,
			motifId: f.motif,
			from: '2027-03-27',
			audience: 'agent',
			now: NOW
		});
		expect(next!.next).toEqual({
			startsAt: '2027-03-30T07:00:00.000Z',
			day: '2027-03-30',
			time: '09:00',
			lieuId: f.lieu,
			agentIds: [f.alice]
		});
		const far = await nextCreneau({
			organisationId: f.arras,
			motifId: f.motif,
			from: '2026-06-01',
			audience: 'agent',
			now: new Date('2026-06-01T00:00:00Z')
		});
		expect(far!.next).toBeNull();
		expect(far!.emptyReason).toBe('no_plage');
	});

	it('lists each lieu with its next availability', async () => {
		const cards = await searchLieuxWithNextAvailability({
			organisationId: f.arras,
			motifId: f.motif,
			from: '2027-03-23',
			audience: 'agent',
			now: NOW
		});
		expect(cards!.lieux).toEqual([
			{
				lieu: { id: f.lieu, name: 'MDS Arras centre', address: '1 rue du Centre, 62000 Arras' },
				next: {
					startsAt: '2027-03-23T09:00:00.000Z',
					day: '2027-03-23',
					time: '10:00',
					lieuId: f.lieu,
					agentIds: [f.alice]
				}
			}
		]);
	});

	it('widens the search to the territory’s organisations open to prescription', async () => {
		const other = await searchOtherOrganisations({
			organisationId: f.arras,
			motifId: f.motif,
			from: FIRST_MONDAY,
			now: NOW
		});
		expect(other!.results).toHaveLength(1);
		expect(other!.results[0].organisation).toEqual({ id: f.lens, name: 'MDS Lens' });
		expect(other!.results[0].next).toMatchObject({ day: FIRST_MONDAY, time: '14:00', lieuId: f.lensLieu });

		await Motif.updateOne({ _id: f.lensMotif }, { bookableBy: 'agents' });
		try {
			const closed = await searchOtherOrganisations({
				organisationId: f.arras,
				motifId: f.motif,
				from: FIRST_MONDAY,
				now: NOW
			});
			expect(closed!.results).toEqual([]);
			expect(closed!.emptyReason).toBe('no_other_motif');
		} finally {
			await Motif.updateOne({ _id: f.lensMotif }, { bookableBy: 'agents_and_prescripteurs' });
		}
	});
});

describe('collective motifs', () => {
	it('offer the sessions agents created (no plage needed), filtered by agent and by what the viewer may see', async () => {
		const motif = await Motif.create({
			organisationId: f.arras,
			serviceId: f.pmi,
			name: 'Atelier portage',
			durationMinutes: 90,
			locationType: 'public_office',
			collective: true
		});
		const booked = await bookRdv(
			{
				organisationId: f.arras,
				motifId: String(motif._id),
				startsAt: paris('2027-03-25', '14:00'),
				lieuId: f.lieu,
				agentIds: [f.alice],
				maxParticipants: 8
			},
			{ kind: 'agent', agent: f.agents.alice }
		);
		if (!booked.ok) throw new Error(booked.message);
		const query = { ...week(), motifId: String(motif._id) };

		const all = await searchCreneaux(query);
		expect(all!.sessions).toEqual([
			expect.objectContaining({ rdvId: booked.rdv.id, agentIds: [f.alice], time: '14:00', seatsLeft: 8 })
		]);
		expect(all!.agents.map((a) => a.id)).toEqual([f.alice]);
		expect(all!.emptyReason).toBeUndefined();
		expect((await searchCreneaux({ ...query, agentIds: [f.bob] }))!.sessions).toEqual([]);
		expect((await searchCreneaux({ ...query, viewer: f.agents.alice }))!.sessions).toHaveLength(1);

		const next = await nextCreneau({ ...query, from: '2027-03-01' });
		expect(next!.next).toMatchObject({ day: '2027-03-25', time: '14:00', agentIds: [f.alice] });
	});
});
