import { describe, expect, it } from 'vitest';
import { Usager } from '../../src/lib/server/db/models/index.ts';

describe('usager email: unique when present', () => {
	it('accepts many usagers without email, even when a form sent an empty one', async () => {
		await Usager.insertMany(Array.from({ length: 20 }, (_, i) => ({ firstName: 'Sans', lastName: `Courriel ${i}` })));
		await Usager.create({ firstName: 'Vide', lastName: 'Chaîne', email: '' });
		await Usager.create({ firstName: 'Nul', lastName: 'Valeur', email: null });
		expect(await Usager.countDocuments({ email: { $exists: false } })).toBe(22);
		expect(await Usager.countDocuments({ email: null, lastName: 'Chaîne' })).toBe(1);
	});

	it('refuses a second identical email (case-insensitive: stored lowercase)', async () => {
		await Usager.create({ firstName: 'Alice', lastName: 'Martin', email: 'alice.martin@example.com' });
		const err = await Usager.create({
			firstName: 'Alice',
			lastName: 'Martin',
			email: 'Alice.Martin@Example.com'
		}).catch((e: unknown) => e);
		expect((err as { code?: number }).code).toBe(11000);
		expect(await Usager.countDocuments({ email: 'alice.martin@example.com' })).toBe(1);
	});

	it('frees the address when it is removed from a record', async () => {
		const u = await Usager.create({ firstName: 'Bruno', lastName: 'Petit', email: 'bruno.petit@example.com' });
		u.set('email', '');
		await u.save();
		expect((await Usager.findById(u._id).lean())?.email).toBeUndefined();
		await expect(
			Usager.create({ firstName: 'Bruno', lastName: 'Petit-Autre', email: 'bruno.petit@example.com' })
		).resolves.toBeTruthy();
	});
});
