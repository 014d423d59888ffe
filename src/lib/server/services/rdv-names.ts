/**
 * What a list of one organisation's RDVs shows besides the RDVs themselves — motif, lieu, agents and participants'
 * names — read once for the whole list: the organisation's motifs, lieux and agents in one equality query each,
 * then agents who left it by id. Participants' names are stored on the RDV (db/read-models/participant-names.ts);
 * only a name missing there (an RDV inserted without validation) is read, by id. Participants are never selected by
 * `organisationIds` with `_id: {$in}`: FerretDB would decode every usager of the organisation to keep a few.
 */
import type { RdvStatus } from '../../domain/types.ts';
import { Agent } from '../db/models/agent.ts';
import { StampedCache } from '../db/stamped-cache.ts';
import type { OrganisationStamps } from '../db/stamps.ts';
import { Lieu } from '../db/models/lieu.ts';
import { Motif } from '../db/models/motif.ts';
import type { RdvFields } from '../db/models/rdv.ts';
import { Usager } from '../db/models/usager.ts';
import type { Lean } from './mappers.ts';
import { cachedMembers } from './organisation-members.ts';

type NamedRdv = Pick<Lean<RdvFields>, 'motifId' | 'lieuId' | 'agentIds' | 'participants'> &
	Partial<Pick<Lean<RdvFields>, 'participantNames'>>;

interface Named {
	_id: unknown;
	firstName: string;
	lastName: string;
}

const PERSON = { firstName: 1, lastName: 1 };

/** Each id by its own `_id` equality (served by the mirrored _id index), in parallel. */
async function byId(model: typeof Agent | typeof Usager, ids: Iterable<string>, into: Map<string, Named>) {
	const found = await Promise.all(
		[...ids].map((id) => (model as typeof Agent).findById(id, PERSON).lean<Named | null>())
	);
	for (const n of found) if (n) into.set(String(n._id), n);
}

/** Agents' names: the organisation's members from the shared cache when the stamp is known, then leavers by id. */
async function agentNames(organisationId: string, ids: string[], membersStamp?: string): Promise<Map<string, Named>> {
	const names = new Map<string, Named>(
		membersStamp === undefined
			? (await Agent.find({ organisationIds: organisationId }, PERSON).lean<Named[]>()).map((a) => [String(a._id), a])
			: [...(await cachedMembers(organisationId, membersStamp)).values()].map((m) => [m.id, { _id: m.id, ...m }])
	);
	// Agents who left the organisation since.
	await byId(Agent, new Set(ids.filter((id) => !names.has(id))), names);
	return names;
}

interface Settings {
	motifs: { _id: unknown; name: string; color?: string | null }[];
	lieux: { _id: unknown; name: string }[];
}

/** The organisation's motifs and lieux, cached per node under its `settings` stamp (a motif or lieu write bumps it). */
const settingsCache = new StampedCache<Settings>();

async function settingsOf(organisationId: string, settingsStamp?: string): Promise<Settings> {
	const load = async (): Promise<Settings> => {
		const [motifs, lieux] = await Promise.all([
			Motif.find({ organisationId }, { name: 1, color: 1 }).lean(),
			Lieu.find({ organisationId }, { name: 1 }).lean()
		]);
		return { motifs, lieux };
	};
	return settingsStamp === undefined ? load() : settingsCache.get(organisationId, settingsStamp, load);
}

/** Participants' names as stored on the RDVs, plus the few missing there read by id. */
async function usagerNames(rdvs: readonly NamedRdv[]): Promise<Map<string, Named>> {
	const names = new Map<string, Named>();
	for (const rdv of rdvs)
		for (const n of rdv.participantNames ?? [])
			names.set(String(n.usagerId), { _id: n.usagerId, firstName: n.firstName ?? '', lastName: n.lastName ?? '' });
	const missing = rdvs.flatMap((r) => r.participants.map((p) => String(p.usagerId))).filter((id) => !names.has(id));
	await byId(Usager, new Set(missing), names);
	return names;
}

export interface RdvNames {
	motifOf(rdv: NamedRdv): { id: string; name: string; color: string };
	lieuOf(rdv: NamedRdv): { id: string; name: string } | undefined;
	agentsOf(rdv: NamedRdv): { id: string; firstName: string; lastName: string }[];
	participantsOf(rdv: NamedRdv): { usagerId: string; firstName: string; lastName: string; status: RdvStatus }[];
}

export interface RdvNamesOptions {
	/**
	 * The organisation's change stamps, when the caller has read them (db/stamps.ts `stampsOf`): members' names,
	 * motifs and lieux then come from the per-node caches.
	 */
	stamps?: Pick<OrganisationStamps, 'members' | 'settings'>;
}

export async function loadRdvNames(
	organisationId: string,
	rdvs: readonly NamedRdv[],
	options: RdvNamesOptions = {}
): Promise<RdvNames> {
	const [{ motifs, lieux }, agents, usagers] = await Promise.all([
		settingsOf(organisationId, options.stamps?.settings),
		agentNames(
			organisationId,
			rdvs.flatMap((r) => r.agentIds.map(String)),
			options.stamps?.members
		),
		usagerNames(rdvs)
	]);
	const motifById = new Map(motifs.map((m) => [String(m._id), m]));
	const lieuById = new Map(lieux.map((l) => [String(l._id), l]));
	return {
		motifOf(rdv) {
			const motif = motifById.get(String(rdv.motifId));
			return { id: String(rdv.motifId), name: motif?.name ?? 'Motif supprimé', color: motif?.color ?? '#000091' };
		},
		lieuOf(rdv) {
			const lieu = rdv.lieuId ? lieuById.get(String(rdv.lieuId)) : undefined;
			return lieu ? { id: String(lieu._id), name: lieu.name } : undefined;
		},
		agentsOf(rdv) {
			return rdv.agentIds.map((id) => {
				const a = agents.get(String(id));
				return { id: String(id), firstName: a?.firstName ?? '', lastName: a?.lastName ?? 'Agent supprimé' };
			});
		},
		participantsOf(rdv) {
			return rdv.participants.map((p) => {
				const u = usagers.get(String(p.usagerId));
				return {
					usagerId: String(p.usagerId),
					firstName: u?.firstName ?? '',
					lastName: u?.lastName ?? 'Usager supprimé',
					status: p.status as RdvStatus
				};
			});
		}
	};
}

/** An RDV's length in minutes (older documents have no `durationMinutes`). */
export function durationOf(rdv: Pick<Lean<RdvFields>, 'durationMinutes' | 'startsAt' | 'endsAt'>): number {
	return rdv.durationMinutes ?? Math.round((rdv.endsAt.getTime() - rdv.startsAt.getTime()) / 60_000);
}
