/**
 * Change stamps: each organisation document carries a random value per kind of configuration the availability
 * searches read (plages, absences), replaced after every write of that kind. A search reads the organisation
 * anyway, so comparing stamps costs no query, and each node can keep what it loaded (db/stamped-cache.ts)
 * until the stamp changes — nothing another node needs stays only in memory. Any write path is covered: the
 * models register `stampOnWrite`, so services, seed, fixtures and jobs all bump.
 */
import mongoose, { Types, type Query, type Schema } from 'mongoose';
import { Agent } from './models/agent.ts';
import { Organisation } from './models/organisation.ts';

export type StampName = 'plages' | 'absences';

const validId = (id: unknown): id is string => typeof id === 'string' && Types.ObjectId.isValid(id);

/** Give the organisations a new stamp of this kind. */
export async function bumpOrganisationStamps(name: StampName, organisationIds: Iterable<unknown>): Promise<void> {
	const ids = [...new Set([...organisationIds].map((id) => (id ? String(id) : '')))].filter(validId);
	if (ids.length === 0) return;
	const value = new Types.ObjectId().toHexString();
	await Promise.all(ids.map((_id) => Organisation.updateOne({ _id }, { $set: { [`stamps.${name}`]: value } })));
}

interface Touched {
	organisationId?: unknown;
	agentId?: unknown;
}

/** The organisations a written document concerns: its own, or (agent-wide documents) its agent's. */
async function organisationsOf(docs: Touched[], via: 'organisation' | 'agent'): Promise<string[]> {
	if (via === 'organisation') return docs.map((d) => String(d.organisationId ?? ''));
	const agentIds = [...new Set(docs.map((d) => String(d.agentId ?? '')).filter(validId))];
	const agents = await Promise.all(agentIds.map((id) => Agent.findById(id, { organisationIds: 1 }).lean()));
	return agents.flatMap((a) => (a ? a.organisationIds.map(String) : []));
}

const QUERY_WRITES = [
	'deleteOne',
	'deleteMany',
	'updateOne',
	'updateMany',
	'findOneAndUpdate',
	'findOneAndDelete',
	'findOneAndReplace',
	'replaceOne'
] as const;

/** Documents a query write is about to touch, read before it runs (a delete leaves nothing to read after). */
const touchedByQuery = new WeakMap<object, Touched[]>();

/**
 * After any write on this schema's model, bump the `name` stamp of the organisations concerned
 * (`via: 'agent'` for agent-wide documents such as absences).
 */
export function stampOnWrite(schema: Schema, name: StampName, via: 'organisation' | 'agent'): void {
	const bump = async (docs: Touched[]) => bumpOrganisationStamps(name, await organisationsOf(docs, via));
	schema.post('save', async function () {
		await bump([this as Touched]);
	});
	schema.post('deleteOne', { document: true, query: false }, async function () {
		await bump([this as Touched]);
	});
	schema.post('insertMany', async function (docs: unknown) {
		await bump(docs as Touched[]);
	});
	for (const op of QUERY_WRITES) {
		schema.pre(op, { document: false, query: true }, async function (this: Query<unknown, unknown>) {
			const model = this.model as mongoose.Model<Touched>;
			touchedByQuery.set(this, await model.find(this.getFilter(), { organisationId: 1, agentId: 1 }).lean());
		});
		schema.post(op, { document: false, query: true }, async function (this: Query<unknown, unknown>) {
			const docs = touchedByQuery.get(this) ?? [];
			touchedByQuery.delete(this);
			await bump(docs);
		});
	}
}
