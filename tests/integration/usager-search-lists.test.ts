/**
 * The usager name search read from its lists (db/usager-search-lists.ts) against the real embedded database:
 * the same answer as a naive search over the organisation's usagers after any mix of writes (create, insertMany,
 * rename, joining another organisation, deletion by update query), the whole candidate set ranked (not the first
 * few hundred read), and no update lost when writers race on one list.
 */
import fc from 'fast-check';
import mongoose, { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import {
	byCode,
	searchListShard,
	matchesUsagerQuery,
	parseUsagerQuery,
	queryScore,
	scopedKey,
	sortName,
	usagerSearchKeys
} from '../../src/lib/domain/usager-search-keys.ts';
import { Usager, UsagerSearchList } from '../../src/lib/server/db/models/usager.ts';
import { readSearchList, shardKey, updateSearchLists } from '../../src/lib/server/db/usager-search-lists.ts';
import { ensureUsagerSearchKeys, searchUsagers } from '../../src/lib/server/services/usagers.ts';

const member = (org: Types.ObjectId) => ({ profiles: [{ organisationId: org }] });

/** The search as the organisation's usagers themselves answer it (read whole: test sizes only). */
async function naive(org: Types.ObjectId, q: string, limit: number): Promise<string[]> {
	const query = parseUsagerQuery(q)!;
	const all = await Usager.find({ organisationIds: org, deletedAt: { $exists: false } }).lean();
	return all
		.filter((u) => matchesUsagerQuery({ ...u, searchKeys: usagerSearchKeys(u) }, query))
		.sort(
			(a, b) =>
				queryScore(b, query) - queryScore(a, query) ||
				byCode(sortName(a.lastName, a.firstName), sortName(b.lastName, b.firstName)) ||
				byCode(String(a._id), String(b._id))
		)
		.slice(0, limit)
		.map((u) => String(u._id));
}

const ids = async (org: Types.ObjectId, q: string, limit: number) =>
	(await searchUsagers(String(org), q, { limit })).map((u) => u.id);

describe('usager search lists', () => {
	it('ranks every candidate: the alphabetically first of more than 400 come first, whenever they were stored', async () => {
		const org = new Types.ObjectId();
		await Usager.insertMany(
			Array.from({ length: 420 }, (_, i) => ({
				firstName: `Zoé${'z'.repeat(i % 7)}`,
				lastName: 'Durand',
				...member(org)
			}))
		);
		const alices = await Promise.all(
			['Alice', 'Alix', 'Amandine'].map((firstName) => Usager.create({ firstName, lastName: 'Durand', ...member(org) }))
		);
		expect(await ids(org, 'dur', 3)).toEqual(alices.map((u) => String(u._id)));
		expect(await ids(org, 'durand', 50)).toEqual(await naive(org, 'durand', 50));
		// What a result shows comes from the list as the usager record gives it.
		const [first] = await searchUsagers(String(org), 'durand alice');
		expect(first).toEqual({ id: String(alices[0]._id), firstName: 'Alice', lastName: 'Durand', phoneIsMobile: false });
	});

	it('answers like a naive search after any mix of writes', async () => {
		const first = ['Léa', 'Léon', 'Marc', 'Marie', 'Lou'];
		const last = ['Martin', 'Marchand', 'Leroy', 'Le Mar', 'Loubet'];
		const op = fc.oneof(
			fc.record({ kind: fc.constant('create' as const), f: fc.nat(4), l: fc.nat(4), birth: fc.boolean() }),
			fc.record({ kind: fc.constant('rename' as const), i: fc.nat(), f: fc.nat(4), l: fc.nat(4) }),
			fc.record({ kind: fc.constant('join' as const), i: fc.nat() }),
			fc.record({ kind: fc.constant('delete' as const), i: fc.nat() })
		);
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 12 }), async (ops) => {
				const org = new Types.ObjectId();
				const other = new Types.ObjectId();
				const made: Types.ObjectId[] = [];
				for (const o of ops) {
					if (o.kind === 'create') {
						const u = await Usager.create({
							firstName: first[o.f],
							lastName: last[o.l],
							birthName: o.birth ? 'Marin' : undefined,
							email: o.birth ? `u${made.length}-${String(org)}@exemple.fr` : undefined,
							...member(org)
						});
						made.push(u._id);
						continue;
					}
					if (made.length === 0) continue;
					const id = made[o.i % made.length];
					if (o.kind === 'delete') {
						await Usager.updateOne({ _id: id }, { $set: { deletedAt: new Date() } });
						continue;
					}
					const u = await Usager.findById(id);
					if (!u) continue;
					if (o.kind === 'rename') {
						u.firstName = first[o.f];
						u.lastName = last[o.l];
					} else {
						u.profiles.push({ organisationId: other });
					}
					await u.save();
				}
				for (const q of ['ma', 'mar', 'marc', 'le', 'léo', 'lou', 'le mar', 'marie martin'])
					for (const target of [org, other]) expect(await ids(target, q, 50)).toEqual(await naive(target, q, 50));
			}),
			{ numRuns: 6 }
		);
	});

	it('loses no usager when writers race on one list', async () => {
		const org = new Types.ObjectId();
		const created = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				Usager.create({ firstName: `P${String.fromCharCode(97 + i)}`, lastName: 'Concurrent', ...member(org) })
			)
		);
		expect((await ids(org, 'concurrent', 50)).sort()).toEqual(created.map((u) => String(u._id)).sort());
		// A document deleted outright leaves the lists too (its delete runs as a query: the query hooks see it).
		await (await Usager.findById(created[0]._id))!.deleteOne();
		expect(await ids(org, 'concurrent', 50)).not.toContain(String(created[0]._id));
		// Only the latest version of each shard remains.
		const shards = await UsagerSearchList.find({ list: scopedKey(String(org), 'con') }, { key: 1 }).lean();
		expect(new Set(shards.map((d) => d.key)).size).toBe(shards.length);
	});

	it('an update overtaken between choosing its version and reading the usagers starts again', async () => {
		const org = new Types.ObjectId();
		const alpha = await Usager.create({ firstName: 'Alpha', lastName: 'Test', ...member(org) });
		const list = scopedKey(String(org), 'alp');
		// The overtaker writes the same shard of the list.
		let sameShard = new Types.ObjectId();
		while (searchListShard(String(sameShard)) !== searchListShard(String(alpha._id))) sameShard = new Types.ObjectId();
		let overtaker: string | undefined;
		await updateSearchLists([shardKey(list, String(alpha._id))], [String(alpha._id)], {
			afterVersionChosen: async () => {
				if (overtaker) return;
				// Its own list update finishes first and takes the version this one chose.
				const created = await Usager.create({
					_id: sameShard,
					firstName: 'Alphonse',
					lastName: 'Test',
					...member(org)
				});
				overtaker = String(created._id);
			}
		});
		expect((await readSearchList(list)).map((e) => e.usager.id).sort()).toEqual([String(alpha._id), overtaker].sort());
	});

	it('builds the lists of usagers stored before them, once', async () => {
		const org = new Types.ObjectId();
		const raw = await Usager.collection.insertOne({
			firstName: 'Ancienne',
			lastName: 'Fiche',
			profiles: [{ organisationId: org }],
			organisationIds: [org]
		});
		const markers = mongoose.connection.collection('readmodelmarkers');
		await markers.deleteMany({ _id: { $in: ['usager-search-keys', 'usager-search-lists'] as never[] } });
		expect(await ids(org, 'fiche', 20)).toEqual([]);
		await ensureUsagerSearchKeys();
		expect(await ids(org, 'fiche', 20)).toEqual([String(raw.insertedId)]);
		expect(await ids(org, 'ancienne fi', 20)).toEqual([String(raw.insertedId)]);
	});
});
