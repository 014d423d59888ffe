/**
 * Demo data: `npm run seed`, and `npm start` on an empty embedded database (seedIfEmpty, from src/server.ts).
 * Idempotent per territory: a territory that exists is left alone. A territory's documents are inserted in
 * bulk, the Territory document last, and removed again if anything fails, so a rerun starts clean.
 */
import { Types } from 'mongoose';
import { localDay } from '../../domain/local-time.ts';
import { hashPassword } from '../auth/password.ts';
import { connectDatabase } from '../db/connection.ts';
import { syncAllIndexes } from '../db/indexes.ts';
import { Absence } from '../db/models/absence.ts';
import { Agent } from '../db/models/agent.ts';
import { Lieu } from '../db/models/lieu.ts';
import { Motif } from '../db/models/motif.ts';
import { Organisation } from '../db/models/organisation.ts';
import { PlageOuverture } from '../db/models/plage-ouverture.ts';
import { Rdv } from '../db/models/rdv.ts';
import { RdvClaim } from '../db/models/rdv-claim.ts';
import { Service } from '../db/models/service.ts';
import { Territory } from '../db/models/territory.ts';
import { Usager } from '../db/models/usager.ts';
import { DEMO_PASSWORD, SERVICES, TERRITORIES, type ServiceKey, type TerritorySeed } from './data.ts';
import { buildUsagers } from './people.ts';
import { Random } from './random.ts';
import { buildSchedule, type SeedRefs } from './schedule.ts';

export { DEMO_PASSWORD } from './data.ts';

export interface SeedOptions {
	log: (message: string) => void;
	/** The demo's "now" (RDVs are spread around it); tests pass a fixed one. */
	now?: Date;
}

export interface SeedReport {
	created: string[];
	skipped: string[];
	counts: Record<string, number>;
	ms: number;
}

const SEED = 20260062;

/** What bulk seeding needs of a model (each model's own generic types do not matter here). */
interface BulkModel {
	modelName: string;
	insertMany(docs: object[], options?: { lean?: boolean; ordered?: boolean }): Promise<unknown>;
	deleteMany(filter: object): PromiseLike<unknown>;
}
const bulk = (model: unknown) => model as BulkModel;

/** Inserted ids per model, to remove a half-seeded territory. Every document carries its own _id. */
class Inserted {
	#batches: { model: BulkModel; ids: unknown[] }[] = [];
	readonly counts: Record<string, number>;

	constructor(counts: Record<string, number>) {
		this.counts = counts;
	}

	/** Validated insert (runs the models' validation and precomputed keys). */
	async insert(model: BulkModel, docs: object[], options: { lean?: boolean } = {}): Promise<void> {
		if (docs.length === 0) return;
		const withIds = docs.map((d) => ({ ...d, _id: (d as { _id?: unknown })._id ?? new Types.ObjectId() }));
		this.#batches.push({ model, ids: withIds.map((d) => d._id) });
		await model.insertMany(withIds, options.lean ? { lean: true, ordered: false } : {});
		this.counts[model.modelName] = (this.counts[model.modelName] ?? 0) + withIds.length;
	}

	async rollback(): Promise<void> {
		for (const { model, ids } of this.#batches.reverse()) await model.deleteMany({ _id: { $in: ids } });
	}
}

async function ensureServices(): Promise<Map<ServiceKey, Types.ObjectId>> {
	const ids = new Map<ServiceKey, Types.ObjectId>();
	for (const [key, s] of Object.entries(SERVICES) as [ServiceKey, (typeof SERVICES)[ServiceKey]][]) {
		const existing = await Service.findOne({ name: s.name }).lean();
		const doc = existing ?? (await Service.create({ ...s, isSecretariat: s.isSecretariat ?? false }));
		ids.set(key, doc._id);
	}
	return ids;
}

async function seedTerritory(
	t: TerritorySeed,
	services: Map<ServiceKey, Types.ObjectId>,
	passwordHash: string,
	now: Date,
	counts: Record<string, number>
): Promise<void> {
	const rng = new Random(SEED + Number.parseInt(t.departementNumber, 10));
	const today = localDay(now, t.timeZone);
	const territoryId = new Types.ObjectId();
	const orgIds = new Map(t.organisations.map((o) => [o.key, new Types.ObjectId()]));
	const agentIds = new Map(t.agents.map((a) => [a.key, new Types.ObjectId()]));
	const inserted = new Inserted(counts);
	try {
		await inserted.insert(
			bulk(Organisation),
			t.organisations.map((o) => ({
				_id: orgIds.get(o.key),
				territoryId,
				name: o.name,
				phone: o.phone,
				email: o.email,
				website: o.website,
				openingHoursText: o.openingHoursText
			}))
		);

		const lieuIds = new Map<string, Types.ObjectId>();
		const lieux = t.organisations.flatMap((o) =>
			o.lieux.map((l) => {
				const _id = new Types.ObjectId();
				lieuIds.set(`${o.key}:${l.key}`, _id);
				const { key: _key, ...fields } = l;
				return { _id, organisationId: orgIds.get(o.key), ...fields };
			})
		);
		await inserted.insert(bulk(Lieu), lieux);

		const motifs: SeedRefs['motifs'] = new Map();
		const motifDocs = t.organisations.flatMap((o) =>
			o.motifs.map((m) => {
				const _id = new Types.ObjectId();
				const serviceId = services.get(m.service) as Types.ObjectId;
				motifs.set(`${o.key}:${m.key}`, { id: _id, serviceId, seed: m });
				const { key: _key, service: _service, ...fields } = m;
				return { _id, organisationId: orgIds.get(o.key), serviceId, ...fields };
			})
		);
		await inserted.insert(bulk(Motif), motifDocs);

		await inserted.insert(
			bulk(Agent),
			t.agents.map((a) => ({
				_id: agentIds.get(a.key),
				email: a.email,
				firstName: a.firstName,
				lastName: a.lastName,
				passwordHash: a.email ? passwordHash : undefined,
				serviceIds: a.services.map((s) => services.get(s)),
				roles: a.roles.map(([org, level]) => ({ organisationId: orgIds.get(org), level })),
				territorialRoles: a.territorialAdmin
					? [{ territoryId, manageTeams: true, manageAccessRights: true, inviteAgents: true }]
					: []
			}))
		);

		// Follow-up motifs are booked with the usager's referent: the agent whose plage offers them.
		const referents = new Map<string, Types.ObjectId>();
		for (const p of t.plages) {
			const org = t.organisations.find((o) => o.key === p.org);
			if (org?.motifs.some((m) => m.followUp && p.motifs.includes(m.key)))
				referents.set(p.org, agentIds.get(p.agent) as Types.ObjectId);
		}
		const counter = { next: 1 + Number.parseInt(t.departementNumber, 10) * 1000 };
		const people = buildUsagers(rng, t, orgIds, referents, today, counter);
		// Responsibles must exist before their relatives are validated.
		await inserted.insert(bulk(Usager), people.adults);
		await inserted.insert(bulk(Usager), people.children);

		const secretariat = new Map<string, Types.ObjectId>();
		for (const a of t.agents)
			if (a.services.includes('secretariat'))
				for (const [org] of a.roles) secretariat.set(org, agentIds.get(a.key) as Types.ObjectId);

		const schedule = buildSchedule(
			rng,
			t,
			{ territoryTimeZone: t.timeZone, orgIds, agentIds, lieuIds, motifs, pools: people.pools, secretariat },
			now,
			today
		);
		await inserted.insert(bulk(PlageOuverture), schedule.plages);
		await inserted.insert(bulk(Absence), schedule.absences);
		await inserted.insert(bulk(Rdv), schedule.rdvs);
		await inserted.insert(bulk(RdvClaim), schedule.claims, { lean: true });

		await inserted.insert(bulk(Territory), [
			{
				_id: territoryId,
				departementNumber: t.departementNumber,
				name: t.name,
				timeZone: t.timeZone,
				serviceIds: [...services.values()],
				sms: { senderName: t.smsSenderName, provider: 'outbox' }
			}
		]);
	} catch (err) {
		await inserted.rollback();
		throw err;
	}
}

/** Seed every demo territory that does not exist yet. The database must be connected, indexes created. */
export async function seed({ log, now = new Date() }: SeedOptions): Promise<SeedReport> {
	const started = performance.now();
	const report: SeedReport = { created: [], skipped: [], counts: {}, ms: 0 };
	const services = await ensureServices();
	const pending: TerritorySeed[] = [];
	for (const t of TERRITORIES) {
		if (await Territory.exists({ departementNumber: t.departementNumber })) report.skipped.push(t.departementNumber);
		else pending.push(t);
	}
	if (pending.length > 0) {
		// One hash for every demo account: they share the documented password.
		const passwordHash = await hashPassword(DEMO_PASSWORD);
		for (const t of pending) {
			const t0 = performance.now();
			const before = { ...report.counts };
			await seedTerritory(t, services, passwordHash, now, report.counts);
			const added = (model: string) => (report.counts[model] ?? 0) - (before[model] ?? 0);
			log(
				`Seeded ${t.departementNumber} ${t.name}: ${added('Organisation')} organisations, ${added('Agent')} agents, ` +
					`${added('Usager')} usagers, ${added('Rdv')} RDV in ${Math.round(performance.now() - t0)} ms.`
			);
			report.created.push(t.departementNumber);
		}
	}
	for (const d of report.skipped) log(`Territory ${d} already exists: left unchanged.`);
	report.ms = Math.round(performance.now() - started);
	log(`Seed finished in ${report.ms} ms.`);
	return report;
}

/** Connect, create indexes, and seed when the database has no territory yet. True when it seeded. */
export async function seedIfEmpty({ log }: { log: (m: string) => void }): Promise<boolean> {
	await connectDatabase();
	await syncAllIndexes();
	if (await Territory.exists({})) return false;
	const report = await seed({ log });
	return report.created.length > 0;
}
