/**
 * What a list of one organisation's RDVs shows besides the RDVs themselves — motif, lieu, agents and participants'
 * names — read once for the whole list: the organisation's motifs, lieux and agents in one equality query each,
 * then agents who left it and every participant by id. Participants are never selected by `organisationIds` with
 * `_id: {$in}`: FerretDB would decode every usager of the organisation to keep a few.
 */
import type { RdvStatus } from '../../domain/types.ts';
import { Agent } from '../db/models/agent.ts';
import { Lieu } from '../db/models/lieu.ts';
import { Motif } from '../db/models/motif.ts';
import type { RdvFields } from '../db/models/rdv.ts';
import { Usager } from '../db/models/usager.ts';
import type { Lean } from './mappers.ts';

type NamedRdv = Pick<Lean<RdvFields>, 'motifId' | 'lieuId' | 'agentIds' | 'participants'>;

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

async function agentNames(organisationId: string, ids: string[]): Promise<Map<string, Named>> {
	const names = new Map<string, Named>();
	for (const a of await Agent.find({ organisationIds: organisationId }, PERSON).lean<Named[]>())
		names.set(String(a._id), a);
	await byId(Agent, new Set(ids.filter((id) => !names.has(id))), names);
	return names;
}

async function usagerNames(ids: string[]): Promise<Map<string, Named>> {
	const names = new Map<string, Named>();
	await byId(Usager, new Set(ids), names);
	return names;
}

export interface RdvNames {
	motifOf(rdv: NamedRdv): { id: string; name: string; color: string };
	lieuOf(rdv: NamedRdv): { id: string; name: string } | undefined;
	agentsOf(rdv: NamedRdv): { id: string; firstName: string; lastName: string }[];
	participantsOf(rdv: NamedRdv): { usagerId: string; firstName: string; lastName: string; status: RdvStatus }[];
}

export async function loadRdvNames(organisationId: string, rdvs: readonly NamedRdv[]): Promise<RdvNames> {
	const [motifs, lieux, agents, usagers] = await Promise.all([
		Motif.find({ organisationId }, { name: 1, color: 1 }).lean(),
		Lieu.find({ organisationId }, { name: 1 }).lean(),
		agentNames(
			organisationId,
			rdvs.flatMap((r) => r.agentIds.map(String))
		),
		usagerNames(rdvs.flatMap((r) => r.participants.map((p) => String(p.usagerId))))
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
