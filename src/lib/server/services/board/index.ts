/**
 * The supervisors' live board (PRODUCT.md §10, issue 17): « Aujourd'hui » of an organisation and of a territory
 * (each of its organisations summed up). Supervisors are the organisation's admins and secrétariat and the
 * territorial admins of its territory (canSuperviseOrganisation). The pages then follow the board rooms and
 * recompute with domain/board.ts from the data returned here.
 */
import { isObjectIdOrHexString } from 'mongoose';
import type { Board } from '../../../domain/board.ts';
import { canSeeOrganisation, canSuperviseOrganisation, isTerritorialAdmin } from '../../../domain/permissions.ts';
import type { AgentPrincipal } from '../../../domain/types.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { Territory } from '../../db/models/territory.ts';
import type { Failure } from '../result.ts';
import { boardData, boardOf, loadBoardOrganisation, withStamps, type OrganisationBoard } from './day.ts';
import { nextSlotsByMotif, type MotifNextSlot } from './next-slots.ts';

export type { BoardData, OrganisationBoard } from './day.ts';
export type { MotifNextSlot } from './next-slots.ts';

type Refusal = Failure & { code: 'not_found' | 'forbidden' };
const NOT_FOUND: Refusal = { ok: false, code: 'not_found', message: 'Organisation introuvable.' };
const FORBIDDEN: Refusal = {
	ok: false,
	code: 'forbidden',
	message: 'Le tableau de bord est réservé aux administrateurs, au secrétariat et aux administrateurs du territoire.'
};

export type BoardResult<T> = { ok: true; value: T } | Refusal;

/**
 * The organisation as a supervisor may open it: not_found when unknown or out of the viewer's sight (existence
 * oracle), forbidden when the viewer sees it but does not supervise it (a basic agent of it).
 */
async function supervised(viewer: AgentPrincipal, organisationId: string) {
	const loaded = await loadBoardOrganisation(organisationId);
	if (!loaded) return NOT_FOUND;
	const target = { organisationId, territoryId: loaded.organisation.territoryId };
	if (!canSeeOrganisation(viewer, target)) return NOT_FOUND;
	if (!canSuperviseOrganisation(viewer, target)) return FORBIDDEN;
	return { ok: true as const, value: loaded };
}

/** Today's board of one organisation. */
export async function organisationBoard(
	viewer: AgentPrincipal,
	organisationId: string,
	now = new Date()
): Promise<BoardResult<OrganisationBoard>> {
	const found = await supervised(viewer, organisationId);
	if (!found.ok) return found;
	const data = await boardData(found.value, now);
	return { ok: true, value: { ...data, board: boardOf(data, now) } };
}

/** The next online slot per motif open online, for the board of one organisation. */
export async function boardNextSlots(
	viewer: AgentPrincipal,
	organisationId: string,
	now = new Date()
): Promise<BoardResult<MotifNextSlot[]>> {
	const found = await supervised(viewer, organisationId);
	if (!found.ok) return found;
	return { ok: true, value: await nextSlotsByMotif(found.value.organisation, now) };
}

export interface TerritoryBoard {
	territory: { id: string; name: string };
	/** One board per organisation of the territory, by name; the browser recomputes each after its messages. */
	organisations: (OrganisationBoard & { board: Board })[];
}

/** Today's board of every organisation of a territory: its territorial admins only (404 for anyone else). */
export async function territoryBoard(
	viewer: AgentPrincipal,
	territoryId: string,
	now = new Date()
): Promise<BoardResult<TerritoryBoard>> {
	const notFound: Refusal = { ok: false, code: 'not_found', message: 'Territoire introuvable.' };
	if (!isObjectIdOrHexString(territoryId) || !isTerritorialAdmin(viewer, territoryId)) return notFound;
	const territory = await Territory.findById(territoryId).lean();
	if (!territory) return notFound;
	const orgs = await Organisation.find({ territoryId }).lean();
	const organisations = await Promise.all(
		orgs
			.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
			.map(async (org) => {
				const data = await boardData(withStamps(org, territory), now);
				return { ...data, board: boardOf(data, now) };
			})
	);
	return { ok: true, value: { territory: { id: territoryId, name: territory.name }, organisations } };
}
