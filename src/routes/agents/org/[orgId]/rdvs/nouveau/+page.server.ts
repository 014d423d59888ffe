/**
 * The simple RDV creation form opened from Trouver un RDV (until the full wizard exists), in three forms:
 * - a slot of an individual motif: motif, time, duration, lieu and agent come from the query;
 * - a session of a collective motif (`seance`): the agent adds an usager to it;
 * - a new session of a collective motif: the agent sets day, time, duration, lieu, agents, title and seats.
 * The agent picks an usager (GET search, server side) or creates one inline, then the booking service decides.
 * Warnings can be confirmed by ticking a box (field `confirm`, as on the plages).
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { dayError, isAcceptedDay } from '$lib/domain/calendar-day';
import { localDay, localTime, TIME_PATTERN, toInstant } from '$lib/domain/local-time';
import type { RdvDto } from '$lib/domain/dto';
import { bookRdv, getRdv, type BookingFailure } from '$lib/server/services/booking';
import { getLieu, listLieux } from '$lib/server/services/lieux';
import { getMotif } from '$lib/server/services/motifs';
import { getOrganisation, listOrganisationAgents } from '$lib/server/services/organisations';
import { createUsager, getOrganisationUsager, searchUsagers } from '$lib/server/services/usagers';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[0-9a-f]{24}$/;
const id = (value: string | null) => (value && ID.test(value) ? value : undefined);

/** The slot as the query (GET) or the form (POST) carries it. */
function readSlot(get: (name: string) => string | null, getAll: (name: string) => string[]) {
	const startsAt = get('debut') ?? '';
	const end = get('fin');
	const duration = Number(get('duree'));
	const start = new Date(startsAt);
	const durationMinutes =
		Number.isInteger(duration) && duration > 0
			? duration
			: end && !Number.isNaN(start.getTime())
				? Math.round((new Date(end).getTime() - start.getTime()) / 60_000)
				: undefined;
	return {
		motifId: get('motif') ?? '',
		startsAt,
		validStart: !Number.isNaN(start.getTime()) && startsAt !== '',
		durationMinutes: durationMinutes && durationMinutes > 0 ? durationMinutes : undefined,
		lieuId: id(get('lieu')),
		agentIds: [...new Set(getAll('agent').filter((a) => ID.test(a)))],
		/** Collective motifs: the session to join. */
		sessionId: id(get('seance')),
		/** The Trouver un RDV query to go back to. */
		retour: get('retour') ?? ''
	};
}

type Mode = 'slot' | 'join' | 'session';

/** An active session of this motif, or a 404 the agent understands. */
async function requireSession(sessionId: string, motifId: string, viewer: Parameters<typeof getRdv>[1]) {
	const session = await getRdv(sessionId, viewer);
	if (!session || !session.collective || session.motifId !== motifId)
		error(404, 'Séance introuvable : repartez de la recherche de créneaux.');
	if (session.status === 'revoked') error(404, 'Cette séance est annulée : repartez de la recherche de créneaux.');
	return session;
}

const expected = (session: RdvDto) =>
	session.participants.filter((p) => p.status !== 'excused' && p.status !== 'revoked').length;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const organisation = await getOrganisation(params.orgId);
	if (!organisation) error(404, 'Organisation introuvable.');
	const slot = readSlot(
		(n) => url.searchParams.get(n),
		(n) => url.searchParams.getAll(n)
	);
	const motif = ID.test(slot.motifId) ? await getMotif(organisation.id, slot.motifId, viewer) : null;
	if (!motif || motif.deleted) error(404, 'Motif introuvable : repartez de la recherche de créneaux.');
	const mode: Mode = !motif.collective ? 'slot' : slot.sessionId ? 'join' : 'session';
	const session = mode === 'join' ? await requireSession(slot.sessionId as string, motif.id, viewer) : null;
	if (mode === 'slot' && !slot.validStart) error(400, 'Créneau invalide : repartez de la recherche de créneaux.');

	const q = (url.searchParams.get('q') ?? '').trim();
	const preselected = url.searchParams.get('usager') ?? '';
	const lieuId = session ? session.lieuId : slot.lieuId;
	const [members, lieu, lieux, usagers, chosen] = await Promise.all([
		listOrganisationAgents(organisation.id),
		lieuId ? getLieu(organisation.id, lieuId) : null,
		mode === 'session' ? listLieux(organisation.id) : [],
		q ? searchUsagers(organisation.id, q) : [],
		ID.test(preselected) ? getOrganisationUsager(organisation.id, preselected) : null
	]);
	const agentIds = session ? session.agentIds : slot.agentIds;
	const start = session ? new Date(session.startsAt) : slot.validStart ? new Date(slot.startsAt) : null;
	const today = localDay(new Date(), organisation.timeZone);
	const jour = url.searchParams.get('jour') ?? '';

	/** What the forms carry along (hidden fields): the POST form, and the GET usager search (+ its extras). */
	const keep: [string, string][] = [['motif', motif.id]];
	const searchKeep: [string, string][] = [];
	if (mode === 'slot') {
		keep.push(['debut', slot.startsAt], ...agentIds.map((a): [string, string] => ['agent', a]));
		if (slot.lieuId) keep.push(['lieu', slot.lieuId]);
		searchKeep.push(['duree', String(slot.durationMinutes ?? motif.durationMinutes)]);
	} else if (mode === 'join') {
		keep.push(['seance', session?.id ?? '']);
	} else if (isAcceptedDay(jour)) {
		searchKeep.push(['jour', jour]);
	}
	keep.push(['retour', slot.retour]);

	return {
		mode,
		keep,
		searchKeep: [...keep, ...searchKeep],
		slot: { ...slot, durationMinutes: session?.durationMinutes ?? slot.durationMinutes ?? motif.durationMinutes },
		when: start ? { day: localDay(start, organisation.timeZone), time: localTime(start, organisation.timeZone) } : null,
		motif: {
			id: motif.id,
			name: motif.name,
			durationMinutes: motif.durationMinutes,
			collective: motif.collective,
			locationType: motif.locationType
		},
		session: session
			? {
					id: session.id,
					title: session.title ?? null,
					maxParticipants: session.maxParticipants ?? null,
					participants: expected(session),
					seatsLeft: session.maxParticipants ? Math.max(0, session.maxParticipants - expected(session)) : null
				}
			: null,
		/** A new session: the choices and their starting values. */
		newSession:
			mode === 'session'
				? {
						day: isAcceptedDay(jour) ? jour : start ? localDay(start, organisation.timeZone) : today,
						time: start ? localTime(start, organisation.timeZone) : '',
						lieux: lieux.map(({ id, name, address }) => ({ id, name, address })),
						members: members.map(({ id, firstName, lastName }) => ({ id, firstName, lastName })),
						agentIds: agentIds.length ? agentIds : members.some((m) => m.id === viewer.id) ? [viewer.id] : []
					}
				: null,
		lieu: lieu ? { id: lieu.id, name: lieu.name, address: lieu.address } : null,
		agents: members
			.filter((a) => agentIds.includes(a.id))
			.map(({ id, firstName, lastName }) => ({ id, firstName, lastName })),
		q,
		usagers: chosen && !usagers.some((u) => u.id === chosen.id) ? [chosen, ...usagers] : usagers,
		preselected: chosen?.id ?? null
	};
};

interface FormState {
	values: Record<string, string>;
	errors: Record<string, string>;
	message?: string;
	/** needs_confirmation: what to confirm with « Créer quand même ». */
	warnings?: string[];
	/** The slot was taken meanwhile. */
	slotTaken?: boolean;
	duplicates?: { id: string; label: string; message: string }[];
	/** An usager created by this submission before the booking failed: picked on the next attempt. */
	createdUsager?: { id: string; firstName: string; lastName: string };
	/** A new session: the agents chosen, to tick them again. */
	agentIds?: string[];
}

/** The booking service's field names → this form's. */
const FIELD_NAMES: Record<string, string> = {
	durationMinutes: 'duree',
	context: 'context',
	usagerIds: 'usager',
	lieuId: 'lieu',
	agentIds: 'agent',
	title: 'titre',
	maxParticipants: 'places',
	startsAt: 'heure'
};

function formErrors(failure: BookingFailure): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const [key, message] of Object.entries(failure.fieldErrors ?? {})) {
		const field = FIELD_NAMES[key.split('.')[0]];
		if (field) errors[field] ??= message;
	}
	return errors;
}

export const actions: Actions = {
	default: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const organisation = await getOrganisation(params.orgId);
		if (!organisation) error(404, 'Organisation introuvable.');
		const form = await request.formData();
		const text = (name: string) => {
			const v = form.get(name);
			return typeof v === 'string' ? v : null;
		};
		const slot = readSlot(text, (n) => form.getAll(n).filter((v): v is string => typeof v === 'string'));
		const motif = ID.test(slot.motifId) ? await getMotif(organisation.id, slot.motifId, viewer) : null;
		if (!motif || motif.deleted) error(404, 'Motif introuvable : repartez de la recherche de créneaux.');
		const mode: Mode = !motif.collective ? 'slot' : slot.sessionId ? 'join' : 'session';
		const values: Record<string, string> = {
			usager: text('usager') ?? '',
			firstName: text('firstName') ?? '',
			lastName: text('lastName') ?? '',
			phone: text('phone') ?? '',
			context: text('context') ?? '',
			duree: text('duree') ?? '',
			jour: text('jour') ?? '',
			heure: text('heure') ?? '',
			lieu: text('lieu') ?? '',
			titre: text('titre') ?? '',
			places: text('places') ?? ''
		};
		const failWith = (status: number, state: Omit<FormState, 'values'>) =>
			fail(status, { ...state, values, agentIds: slot.agentIds });

		// Checks of this form's own fields (the booking service checks the rest).
		const errors: Record<string, string> = {};
		const duration = Number(values.duree);
		if (mode !== 'join' && (!Number.isInteger(duration) || duration < 5 || duration > 1440 || duration % 5 !== 0))
			errors.duree = 'Durée invalide : de 5 à 1440 minutes, par pas de 5 minutes.';
		// Joining: the session's own time (the booking service takes it from the session anyway).
		let startsAt =
			mode === 'join' ? (await requireSession(slot.sessionId as string, motif.id, viewer)).startsAt : slot.startsAt;
		let maxParticipants: number | undefined;
		if (mode === 'session') {
			if (!values.jour) errors.jour = 'Choisissez le jour de la séance.';
			else {
				const jourError = dayError(values.jour);
				if (jourError) errors.jour = jourError;
			}
			if (!TIME_PATTERN.test(values.heure)) errors.heure = 'Indiquez l’heure de début (HH:MM).';
			else if (Number(values.heure.slice(3)) % 5 !== 0)
				errors.heure = 'L’heure doit tomber sur un multiple de 5 minutes.';
			if (!errors.jour && !errors.heure)
				startsAt = toInstant(values.jour, values.heure, organisation.timeZone).toISOString();
			if (values.places.trim()) {
				const places = Number(values.places);
				if (!Number.isInteger(places) || places < 1 || places > 500)
					errors.places = 'Nombre de places invalide : de 1 à 500, ou vide sans maximum.';
				else maxParticipants = places;
			}
			if (values.titre.trim().length > 160) errors.titre = 'Le titre fait au plus 160 caractères.';
			if (slot.agentIds.length === 0) errors.agent = 'Choisissez au moins un agent.';
		}
		if (Object.keys(errors).length) return failWith(400, { errors });

		let usagerIds: string[] = [];
		let createdUsager: FormState['createdUsager'];
		if (values.usager === 'nouveau') {
			const created = await createUsager({
				organisationId: organisation.id,
				firstName: values.firstName,
				lastName: values.lastName,
				phone: values.phone,
				allowDuplicates: text('allowDuplicates') === 'on'
			});
			if (!created.ok && created.kind === 'invalid') return failWith(400, { errors: created.errors });
			if (!created.ok) {
				return failWith(409, {
					errors: {},
					message: 'Cet usager existe peut-être déjà : choisissez-le, ou confirmez la création.',
					duplicates: created.duplicates.map((d) => ({
						id: d.usager.id,
						label: `${d.usager.firstName} ${d.usager.lastName}`,
						message: d.message
					}))
				});
			}
			usagerIds = [created.usager.id];
			createdUsager = { id: created.usager.id, firstName: created.usager.firstName, lastName: created.usager.lastName };
		} else if (ID.test(values.usager)) {
			usagerIds = [values.usager];
		} else if (!(mode === 'session' && values.usager === 'aucun')) {
			return failWith(400, { errors: { usager: 'Choisissez un usager ou créez-en un.' } });
		}

		const result = await bookRdv(
			{
				organisationId: organisation.id,
				motifId: motif.id,
				startsAt,
				durationMinutes: mode === 'join' ? undefined : duration,
				lieuId: mode === 'session' ? id(values.lieu) : slot.lieuId,
				agentIds: slot.agentIds,
				usagerIds,
				context: values.context.trim() || undefined,
				confirm: text('confirm') === 'on',
				sessionId: mode === 'join' ? slot.sessionId : undefined,
				title: mode === 'session' ? values.titre.trim() || undefined : undefined,
				maxParticipants
			},
			{ kind: 'agent', agent: viewer }
		);
		if (result.ok) {
			const day = localDay(new Date(result.rdv.startsAt), organisation.timeZone);
			const done = { slot: 'cree', join: 'inscrit', session: 'seance-creee' } as const;
			const agenda = new URLSearchParams({ agent: result.rdv.agentIds[0], date: day, rdv: done[mode] });
			redirect(303, `/agents/org/${organisation.id}/agenda?${agenda}`);
		}
		const base = { createdUsager };
		switch (result.code) {
			case 'conflict': {
				// An identical RDV is no taken slot: the agent should look at the existing one, not for another time.
				const duplicate = (result.errors ?? []).some((e) => e.code === 'duplicate_rdv');
				const slotTaken = mode === 'slot' && !duplicate;
				return failWith(409, { ...base, errors: {}, slotTaken, message: result.message });
			}
			case 'needs_confirmation': {
				const warnings = (result.warnings ?? []).map((w) => w.message);
				// An RDV already on this agent's slot: for whoever clicked a free slot, it is no longer free.
				const slotTaken = mode === 'slot' && (result.warnings ?? []).some((w) => w.code === 'rdv_overlap');
				return failWith(409, { ...base, errors: {}, warnings, slotTaken, message: result.message });
			}
			case 'invalid':
				return failWith(400, { ...base, errors: formErrors(result), message: result.message });
			default:
				return failWith(result.code === 'forbidden' ? 403 : 404, { ...base, errors: {}, message: result.message });
		}
	}
};
