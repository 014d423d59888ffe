/**
 * Change stamps (db/stamps.ts) and the per-node caches of the availability searches: every write path of
 * plages and absences bumps its organisations' stamps, so a search sees a change at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { holidayOn } from '../../src/lib/domain/holidays.ts';
import { Absence, Agent, Lieu, Motif, Organisation, PlageOuverture } from '../../src/lib/server/db/models/index.ts';
import { StampedCache } from '../../src/lib/server/db/stamped-cache.ts';
import { searchCreneaux } from '../../src/lib/server/services/creneaux.ts';
import { createPlageFixture, type PlageFixture } from '../helpers/plage-fixtures.ts';

let f: PlageFixture;
const stamps = async (orgId: string) => (await Organisation.findById(orgId).lean())?.stamps ?? {};

/** A Monday far enough ahead for an agent's search window, and not a public holiday (no slot then). */
const MONDAY = (() => {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + 28 + ((8 - d.getUTCDay()) % 7));
	while (holidayOn('62', d.toISOString().slice(0, 10))) d.setUTCDate(d.getUTCDate() + 7);
	return d.toISOString().slice(0, 10);
})();
const plage = (fields: Record<string, unknown> = {}) => ({
	agentId: f.agents.pmi.id,
	organisationId: f.orgId,
	title: 'Permanence',
	motifIds: [f.motifs.phone],
	firstDay: MONDAY,
	startTime: '09:00',
	endTime: '10:00',
	timeZone: 'Europe/Paris',
	...fields
});
const search = () =>
	searchCreneaux({
		organisationId: f.orgId,
		motifId: f.motifs.phone,
		from: MONDAY,
		to: nextDay(MONDAY),
		audience: 'agent'
	});
function nextDay(day: string): string {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + 1);
	return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
	f = await createPlageFixture();
});

describe('change stamps', () => {
	it('change on every plage write of the organisation, and only there', async () => {
		const other = await stamps(f.otherOrgId);
		const before = (await stamps(f.orgId)).plages;
		const doc = await new PlageOuverture(plage()).save();
		const afterCreate = (await stamps(f.orgId)).plages;
		expect(afterCreate).toMatch(/^[0-9a-f]{24}$/);
		expect(afterCreate).not.toBe(before);

		doc.endTime = '11:00';
		await doc.save();
		const afterEdit = (await stamps(f.orgId)).plages;
		expect(afterEdit).not.toBe(afterCreate);

		await PlageOuverture.deleteMany({ agentId: f.agents.pmi.id });
		expect((await stamps(f.orgId)).plages).not.toBe(afterEdit);
		expect(await stamps(f.otherOrgId)).toEqual(other);
	});

	it('change on absence writes in every organisation of the agent', async () => {
		const agent = await Agent.findById(f.agents.pmiColleague.id);
		agent!.roles.push({ organisationId: f.otherOrgId, level: 'basic' } as never);
		await agent!.save();
		const orgs = (await Agent.findById(f.agents.pmiColleague.id).lean())!.organisationIds.map(String);
		expect(orgs).toEqual(expect.arrayContaining([f.orgId, f.otherOrgId]));

		const before = [(await stamps(f.orgId)).absences, (await stamps(f.otherOrgId)).absences];
		const absence = await new Absence({
			agentId: f.agents.pmiColleague.id,
			title: 'Formation',
			firstDay: MONDAY,
			endDay: MONDAY,
			startTime: '09:00',
			endTime: '12:00',
			timeZone: 'Europe/Paris'
		}).save();
		const after = [(await stamps(f.orgId)).absences, (await stamps(f.otherOrgId)).absences];
		expect(after[0]).not.toBe(before[0]);
		expect(after[1]).not.toBe(before[1]);

		await Absence.deleteOne({ _id: absence._id });
		expect((await stamps(f.orgId)).absences).not.toBe(after[0]);
	});

	it('change on agent writes in the organisations it leaves and joins', async () => {
		const before = [(await stamps(f.orgId)).members, (await stamps(f.otherOrgId)).members];
		const agent = await Agent.findById(f.agents.social.id);
		agent!.roles = [{ organisationId: f.otherOrgId, level: 'basic' }] as never;
		await agent!.save();
		const moved = [(await stamps(f.orgId)).members, (await stamps(f.otherOrgId)).members];
		expect(moved[0]).not.toBe(before[0]);
		expect(moved[1]).not.toBe(before[1]);

		// Query writes too: the organisations before and after.
		await Agent.updateOne(
			{ _id: f.agents.social.id },
			{ $set: { roles: [{ organisationId: f.orgId, level: 'basic' }], organisationIds: [f.orgId] } }
		);
		expect((await stamps(f.orgId)).members).not.toBe(moved[0]);
		expect((await stamps(f.otherOrgId)).members).not.toBe(moved[1]);
	});

	it('stay the same when an agent write touches nothing the searches cache (sign-in, password)', async () => {
		const before = (await stamps(f.orgId)).members;
		await Agent.updateOne({ _id: f.agents.pmi.id }, { $set: { lastSignInAt: new Date() } });
		const agent = await Agent.findById(f.agents.pmi.id);
		agent!.passwordHash = 'another-hash';
		agent!.rdvNotificationLevel = 'none';
		await agent!.save();
		expect((await stamps(f.orgId)).members).toBe(before);

		// Alongside a field the searches show, the same write bumps.
		await Agent.updateOne({ _id: f.agents.pmi.id }, { $set: { lastSignInAt: new Date(), lastName: 'Renommée' } });
		const renamed = (await stamps(f.orgId)).members;
		expect(renamed).not.toBe(before);
		agent!.firstName = 'Prénom';
		await agent!.save();
		expect((await stamps(f.orgId)).members).not.toBe(renamed);
	});

	it('change on motif and lieu writes of the organisation (the RDV lists cache their names), and only there', async () => {
		const other = (await stamps(f.otherOrgId)).settings;
		const before = (await stamps(f.orgId)).settings;
		await Motif.updateOne({ _id: f.motifs.phone }, { $set: { color: '#123456' } });
		const afterMotif = (await stamps(f.orgId)).settings;
		expect(afterMotif).toMatch(/^[0-9a-f]{24}$/);
		expect(afterMotif).not.toBe(before);
		const lieu = await Lieu.findById(f.lieuId);
		lieu!.name = 'Siège rénové';
		await lieu!.save();
		expect((await stamps(f.orgId)).settings).not.toBe(afterMotif);
		expect((await stamps(f.otherOrgId)).settings).toBe(other);
	});
});

describe('searches behind the caches', () => {
	it('see a plage, an absence and their removal at once', async () => {
		expect((await search())!.slots).toEqual([]);
		await new PlageOuverture(plage()).save();
		expect((await search())!.slots.map((s) => s.time)).toEqual(['09:00', '09:15', '09:30', '09:45']);

		const absence = await new Absence({
			agentId: f.agents.pmi.id,
			title: 'Réunion',
			firstDay: MONDAY,
			endDay: MONDAY,
			startTime: '09:00',
			endTime: '09:30',
			timeZone: 'Europe/Paris'
		}).save();
		expect((await search())!.slots.map((s) => s.time)).toEqual(['09:30', '09:45']);

		await absence.deleteOne();
		expect((await search())!.slots.map((s) => s.time)).toEqual(['09:00', '09:15', '09:30', '09:45']);
		await PlageOuverture.deleteMany({ organisationId: f.orgId });
		expect((await search())!.slots).toEqual([]);
	});
});

describe('StampedCache', () => {
	it('reloads when the stamp changes or the entry is too old, and evicts the least recently used', async () => {
		const cache = new StampedCache<number>({ maxEntries: 2, maxAgeMs: 1000 });
		let loads = 0;
		const load = async () => ++loads;
		expect(await cache.get('a', 's1', load, 0)).toBe(1);
		expect(await cache.get('a', 's1', load, 500)).toBe(1);
		expect(await cache.get('a', 's2', load, 600)).toBe(2);
		expect(await cache.get('a', 's2', load, 1700)).toBe(3);
		await cache.get('b', 's', load, 1700);
		await cache.get('a', 's2', load, 1700); // a is now the most recent
		await cache.get('c', 's', load, 1700); // evicts b
		const before = loads;
		await cache.get('a', 's2', load, 1700);
		expect(loads).toBe(before);
		await cache.get('b', 's', load, 1700);
		expect(loads).toBe(before + 1);
	});
});
