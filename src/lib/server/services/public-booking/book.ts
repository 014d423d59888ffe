/**
 * Booking online (usagers, prescripteurs): the usager picked a time, we pick the agent (PRODUCT.md §4: the least
 * loaded that day among those free then), and the one booking service (services/booking) re-checks the rules,
 * the window and claims the time atomically. A time that is no slot of the engine (forged, off the grid, another
 * organisation's motif or lieu, a motif closed online, outside the window) is refused and writes nothing; a slot
 * taken meanwhile answers « Ce créneau n’est plus disponible. » with the next free ones.
 */
import { Types } from 'mongoose';
import { z } from 'zod';
import { canBookMotif, rdvStartError } from '../../../domain/booking-rules.ts';
import type { RdvDto } from '../../../domain/dto.ts';
import type { LocationType } from '../../../domain/types.ts';
import { addDays, localDay } from '../../../domain/local-time.ts';
import type { FunnelParams, PublicSlotDto } from '../../../domain/public-booking.ts';
import { dayLoads, leastLoadedFirst } from '../../../domain/least-loaded.ts';
import { bookingWindow } from '../../../domain/slots.ts';
import { dayRangeToInstants } from '../../../domain/time.ts';
import { Lieu } from '../../db/models/lieu.ts';
import { Motif } from '../../db/models/motif.ts';
import { Usager } from '../../db/models/usager.ts';
import { bookRdv, type BookingActorInput, type BookingFailure } from '../booking/index.ts';
import { loadAgentBusy, searchCreneaux } from '../creneaux.ts';
import type { PublicAudience } from './catalog.ts';
import { nextPublicSlots } from './grid.ts';
import { resolvePublicMotif } from './search.ts';

/** Who books online: never an agent (agents book through the back-office, with overrides). */
export type OnlineActor = Extract<BookingActorInput, { kind: 'usager' | 'prescripteur' }>;

export interface BookOnlineInput {
	organisationId: string;
	motifId: string;
	lieuId?: string;
	/** The chosen slot (the funnel's `creneau`). */
	startsAt: Date | string;
	/** Self or relatives for an usager; the beneficiary for a prescripteur. */
	usagerIds: string[];
	actor: OnlineActor;
	now?: Date;
}

export type BookOnlineFailure = BookingFailure & {
	/** The slot is gone: the next free ones, to offer as buttons. */
	nextSlots?: PublicSlotDto[];
	/** The territory's zone, to name the next slots' days. */
	timeZone?: string;
};

export type BookOnlineResult = { ok: true; rdv: RdvDto } | BookOnlineFailure;

export const SLOT_GONE_MESSAGE = 'Ce créneau n’est plus disponible.';
const OUTSIDE_WINDOW_MESSAGE = 'Ce créneau n’est pas dans la période ouverte à la réservation en ligne.';
/** Agents tried in turn when the claim is lost to a concurrent booking (bounded: each try costs a full check). */
const MAX_AGENT_TRIES = 3;
const NEXT_SLOTS_COUNT = 6;

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'Identifiant invalide.');
const InputSchema = z.object({
	organisationId: objectId,
	motifId: objectId,
	lieuId: objectId.optional(),
	startsAt: z
		.union([z.date(), z.iso.datetime({ offset: true, error: 'Date et heure ISO 8601 attendues.' })])
		.transform((v) => new Date(v)),
	usagerIds: z.array(objectId).max(10)
});

const fail = (code: BookingFailure['code'], message: string, extra: Partial<BookOnlineFailure> = {}) =>
	({ ok: false, code, message, ...extra }) as BookOnlineFailure;

type CheckedRequest = {
	ok: true;
	input: z.output<typeof InputSchema>;
	/** Free agents at that slot, least loaded first (empty: the slot is gone). */
	agentIds: string[];
	timeZone: string;
};

/**
 * Everything but the booking itself: the ids, the motif (this organisation's, open online to this actor), the
 * lieu, the grain, the window, then the agents free at that exact slot of the engine. The confirmation page
 * asks it before showing a summary; bookOnline asks it again, then books.
 */
async function checkRequest(raw: Omit<BookOnlineInput, 'usagerIds'> & { usagerIds?: string[] }) {
	const parsed = InputSchema.safeParse({ ...raw, usagerIds: raw.usagerIds ?? [] });
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return fail('invalid', issue?.message ?? 'Données invalides.', {
			fieldErrors: { [String(issue?.path[0] ?? 'form')]: issue?.message ?? 'Données invalides.' }
		});
	}
	const input = parsed.data;
	const { actor } = raw;
	const now = raw.now ?? new Date();

	const motif = await Motif.findById(input.motifId).lean();
	if (!motif || motif.deletedAt || String(motif.organisationId) !== input.organisationId)
		return fail('not_found', 'Motif introuvable.');
	if (!canBookMotif(motif.bookableBy, actor.kind, actor.kind === 'usager' ? actor.invited : false))
		return fail(
			'forbidden',
			actor.kind === 'prescripteur'
				? 'Ce motif n’est pas ouvert à la prescription.'
				: 'Ce motif ne se réserve pas en ligne.'
		);
	// Collective sessions are joined from the agents' side only for now: no online seat booking.
	if (motif.collective) return fail('invalid', 'Ce motif ne se réserve pas en ligne.');
	if (motif.locationType === 'public_office' && !input.lieuId)
		return fail('invalid', 'Choisissez le lieu du RDV.', { fieldErrors: { lieuId: 'Choisissez le lieu du RDV.' } });
	if (input.lieuId) {
		const lieu = await Lieu.findById(input.lieuId, { organisationId: 1, availability: 1 }).lean();
		if (!lieu || String(lieu.organisationId) !== input.organisationId || lieu.availability === 'disabled')
			return fail('invalid', 'Lieu introuvable ou désactivé.', {
				fieldErrors: { lieuId: 'Lieu introuvable ou désactivé.' }
			});
	}
	const startError = rdvStartError(input.startsAt);
	if (startError) return fail('invalid', startError, { fieldErrors: { startsAt: startError } });
	const window = bookingWindow(motif, now, 'usager');
	const endsAt = input.startsAt.getTime() + motif.durationMinutes * 60_000;
	if (input.startsAt.getTime() < window.start || endsAt > window.end)
		return fail('invalid', OUTSIDE_WINDOW_MESSAGE, { fieldErrors: { startsAt: OUTSIDE_WINDOW_MESSAGE } });

	const free = await freeAgentsAt(input, now);
	if (!free) return fail('not_found', 'Motif introuvable.');
	return { ok: true, input, ...free } as CheckedRequest;
}

/** The refusal when no agent is free at that time any more: the neutral message and the next free slots. */
async function slotGone(
	{ input, timeZone }: Pick<CheckedRequest, 'input' | 'timeZone'>,
	actor: OnlineActor,
	now: Date
): Promise<BookOnlineFailure> {
	return fail('conflict', SLOT_GONE_MESSAGE, {
		timeZone,
		nextSlots:
			(await nextPublicSlots({
				organisationId: input.organisationId,
				motifId: input.motifId,
				lieuId: input.lieuId,
				after: input.startsAt,
				audience: actor.kind,
				now,
				count: NEXT_SLOTS_COUNT
			})) ?? []
	});
}

/**
 * Whether this slot may be booked online right now by this actor (before the summary is shown): null when it
 * can, else the refusal — forged links get the booking's clear message, a taken slot the next free ones.
 */
export async function checkOnlineSlot(raw: Omit<BookOnlineInput, 'usagerIds'>): Promise<BookOnlineFailure | null> {
	const checked = await checkRequest(raw);
	if (!checked.ok) return checked;
	return checked.agentIds.length ? null : slotGone(checked, raw.actor, raw.now ?? new Date());
}

export async function bookOnline(raw: BookOnlineInput): Promise<BookOnlineResult> {
	const now = raw.now ?? new Date();
	const checked = await checkRequest({ ...raw, now });
	if (!checked.ok) return checked;
	const { input, agentIds } = checked;
	const target = { organisationId: input.organisationId, motifId: input.motifId, lieuId: input.lieuId };
	for (const agentId of agentIds.slice(0, MAX_AGENT_TRIES)) {
		const result = await bookRdv(
			{ ...target, startsAt: input.startsAt, agentIds: [agentId], usagerIds: input.usagerIds },
			raw.actor,
			now
		);
		if (result.ok) {
			await addOrganisationProfiles(input.usagerIds, input.organisationId);
			return { ok: true, rdv: result.rdv };
		}
		// Anything but a taken time (a refused usager, a rule) is the same for every agent: say it at once.
		if (result.code !== 'conflict') return result;
	}
	return slotGone(checked, raw.actor, now);
}

/**
 * The agents free at that exact slot (and lieu), least loaded first: booked minutes of that local day from the
 * busy-week read model (one small document per agent and week), then fewest RDVs, then id. Null: unknown motif.
 */
async function freeAgentsAt(
	input: { organisationId: string; motifId: string; lieuId?: string; startsAt: Date },
	now: Date
): Promise<{ agentIds: string[]; timeZone: string } | null> {
	// Three UTC days cover the slot's local day in any zone; the engine's slots carry their local day.
	const utcDay = localDay(input.startsAt, 'UTC');
	const search = await searchCreneaux({
		organisationId: input.organisationId,
		motifId: input.motifId,
		from: addDays(utcDay, -1),
		to: addDays(utcDay, 2),
		lieuIds: input.lieuId ? [input.lieuId] : undefined,
		audience: 'usager',
		now
	});
	if (!search) return null;
	const at = input.startsAt.toISOString();
	const slots = search.slots.filter((s) => s.startsAt === at && (!input.lieuId || s.lieuId === input.lieuId));
	const agentIds = [...new Set(slots.map((s) => s.agentId))];
	if (agentIds.length <= 1) return { agentIds, timeZone: search.timeZone };
	const day = slots[0].day;
	const { start, end } = dayRangeToInstants(day, addDays(day, 1), search.timeZone);
	const busy = await loadAgentBusy(agentIds, new Date(start), new Date(end), input.organisationId);
	return { agentIds: leastLoadedFirst(agentIds, dayLoads(agentIds, busy, start, end)), timeZone: search.timeZone };
}

/**
 * An usager booking online may not be known to that organisation yet: its profile there puts them in the agents'
 * lists (relatives too). Idempotent: an usager already there is left as is.
 */
export async function addOrganisationProfiles(usagerIds: string[], organisationId: string): Promise<void> {
	const org = new Types.ObjectId(organisationId);
	for (const id of usagerIds) {
		const usager = await Usager.findById(id);
		if (!usager || usager.profiles.some((p) => p.organisationId.equals(org))) continue;
		usager.profiles.push({ organisationId: org });
		await usager.save();
	}
}

/** What the funnel's parameters book: the concrete motif, its organisation, the lieu and the time. */
export interface FunnelSlot {
	organisationId: string;
	motifId: string;
	lieuId?: string;
	startsAt: Date;
	locationType: LocationType;
}

/**
 * The booking the funnel's parameters stand for (the motif key resolved to the organisation's motif open to the
 * audience); null when a part is missing or names nothing — the pages send such links back to the search, whose
 * grid says what is wrong with the slot. Whether the slot is still free is checkOnlineSlot's question.
 */
export async function resolveFunnelSlot(
	params: FunnelParams,
	audience: PublicAudience,
	now: Date = new Date()
): Promise<FunnelSlot | null> {
	if (!params.motif || !params.creneau) return null;
	const motifId = await resolvePublicMotif({
		motifKey: params.motif,
		organisationId: params.organisation,
		lieuId: params.lieu,
		serviceId: params.service,
		audience,
		now
	});
	if (!motifId) return null;
	const motif = await Motif.findById(motifId, { organisationId: 1, locationType: 1 }).lean();
	if (!motif) return null;
	const locationType = motif.locationType as LocationType;
	// For phone, visio and home motifs a lieu only named the organisation: the RDV has none.
	const lieuId = locationType === 'public_office' ? params.lieu : undefined;
	return {
		organisationId: String(motif.organisationId),
		motifId,
		...(lieuId ? { lieuId } : {}),
		startsAt: new Date(params.creneau),
		locationType
	};
}
