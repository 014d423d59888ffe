/**
 * Change stamps: each organisation document carries a random value per kind of configuration the availability
 * searches and the RDV lists read (plages, absences, members, settings), replaced after every write of that kind. A search reads the organisation
 * anyway, so comparing stamps costs no query, and each node can keep what it loaded (db/stamped-cache.ts)
 * until the stamp changes — nothing another node needs stays only in memory. Any write path is covered: the
 * models register `stampOnWrite`, so services, seed, fixtures and jobs all bump.
 */
import mongoose, { Types, type Schema } from 'mongoose';
import { updatedPaths, watchQueryWrites } from './query-writes.ts';

/** `settings`: the organisation's motifs and lieux (their names and colours on every RDV shown). */
export type StampName = 'plages' | 'absences' | 'members' | 'settings';
export type OrganisationStamps = Record<StampName, string>;

/** An organisation document's stamps, '' for a kind never written (a cache entry under '' lasts until the first bump). */
export function stampsOf(org: { stamps?: Partial<Record<StampName, string | null>> | null }): OrganisationStamps {
	const s = org.stamps ?? {};
	return { plages: s.plages ?? '', absences: s.absences ?? '', members: s.members ?? '', settings: s.settings ?? '' };
}
/** How a written document leads to organisations: its own, its agent's, or (an agent) the ones it belongs to. */
export type StampVia = 'organisation' | 'agent' | 'member';

// Models are looked up when used (and loaded if no one has yet): the models register these hooks, so
// importing them at the top would be circular.
type Lookup = mongoose.Model<{ organisationIds?: unknown[] }>;
async function model(name: 'Agent' | 'Organisation'): Promise<Lookup> {
	const known = mongoose.models[name];
	if (known) return known as unknown as Lookup;
	const loaded =
		name === 'Agent'
			? (await import('./models/agent.ts')).Agent
			: (await import('./models/organisation.ts')).Organisation;
	return loaded as unknown as Lookup;
}

const validId = (id: unknown): id is string => typeof id === 'string' && Types.ObjectId.isValid(id);

/** Give the organisations a new stamp of this kind. */
export async function bumpOrganisationStamps(name: StampName, organisationIds: Iterable<unknown>): Promise<void> {
	const ids = [...new Set([...organisationIds].map((id) => (id ? String(id) : '')))].filter(validId);
	if (ids.length === 0) return;
	const value = new Types.ObjectId().toHexString();
	const organisations = await model('Organisation');
	await Promise.all(ids.map((_id) => organisations.updateOne({ _id }, { $set: { [`stamps.${name}`]: value } })));
}

interface Touched {
	_id?: unknown;
	organisationId?: unknown;
	agentId?: unknown;
	organisationIds?: unknown[];
	$locals?: Record<string, unknown>;
}

/** The organisations a written document concerns (for an agent: before and after the write). */
async function organisationsOf(docs: Touched[], via: StampVia): Promise<string[]> {
	if (via === 'organisation') return docs.map((d) => String(d.organisationId ?? ''));
	if (via === 'member')
		return docs
			.flatMap((d) => [
				...(d.organisationIds ?? []),
				...((d.$locals?.loadedOrganisationIds as unknown[] | undefined) ?? [])
			])
			.map(String);
	const agentIds = [...new Set(docs.map((d) => String(d.agentId ?? '')).filter(validId))];
	const agentModel = await model('Agent');
	const agents = await Promise.all(agentIds.map((id) => agentModel.findById(id, { organisationIds: 1 }).lean()));
	return agents.flatMap((a) => (a?.organisationIds ?? []).map(String));
}

/** Paths no stamp depends on: Mongoose's timestamps. */
const ALWAYS_UNRELATED = ['updatedAt', 'createdAt'];

/** Whether some written path (dotted or not) is outside the unrelated top-level fields. */
const touchesRelated = (paths: string[], unrelated: Set<string>) =>
	paths.length === 0 || paths.some((p) => !unrelated.has(p.split('.')[0]));

export interface StampOptions {
	/** Top-level fields whose writes never change what the stamped caches hold (an agent's last sign-in…). */
	unrelated?: readonly string[];
}

/**
 * After any write on this schema's model, bump the `name` stamp of the organisations concerned
 * (`via: 'agent'` for agent-wide documents such as absences), unless the write only touched `unrelated` fields.
 */
export function stampOnWrite(schema: Schema, name: StampName, via: StampVia, options: StampOptions = {}): void {
	const unrelated = new Set([...ALWAYS_UNRELATED, ...(options.unrelated ?? [])]);
	const bump = async (docs: Touched[]) => bumpOrganisationStamps(name, await organisationsOf(docs, via));
	if (via === 'member')
		schema.post('init', function () {
			this.$locals.loadedOrganisationIds = [...((this as Touched).organisationIds ?? [])];
		});
	schema.pre('save', function () {
		this.$locals.stampConcerned = this.isNew || touchesRelated(this.modifiedPaths(), unrelated);
	});
	schema.post('save', async function () {
		if (this.$locals.stampConcerned !== false) await bump([this as Touched]);
	});
	schema.post('deleteOne', { document: true, query: false }, async function () {
		await bump([this as Touched]);
	});
	schema.post('insertMany', async function (docs: unknown) {
		await bump(docs as Touched[]);
	});
	watchQueryWrites<Touched>(schema, {
		projection: { organisationId: 1, agentId: 1, organisationIds: 1 },
		concerns(query, op) {
			const paths = updatedPaths(query, op);
			return !paths || touchesRelated(paths, unrelated);
		},
		async after(before, written) {
			// An agent's organisations may have changed: bump the ones it has now too.
			const after =
				via === 'member'
					? await written.find({ _id: { $in: before.map((d) => d._id) } }, { organisationIds: 1 }).lean()
					: [];
			await bump([...before, ...after]);
		}
	});
}
