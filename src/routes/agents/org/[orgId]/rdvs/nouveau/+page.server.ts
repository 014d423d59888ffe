/**
 * The RDV creation wizard (PRODUCT.md §5): motif → participants → when, where, with whom → notifications →
 * create, as sections of one page. It opens from
 * - the agenda, when an agent selects a range: `debut`, `duree`, `agent`, no motif (the motif section comes first
 *   and keeps the rest);
 * - Trouver un RDV: a slot of an individual motif (`motif`, `debut`, `lieu`, `agent`, `retour`), a session to join
 *   (`seance`) or a day for a new session (`jour`) of a collective motif;
 * - the sessions list (« Nouvelle séance »: `collectif=1` offers the collective motifs only), or nothing at all.
 * The usager search is a GET form that carries every typed field; the POST form's one action creates an usager
 * inline (`intent=ajouter-usager`, to add them or a relative as a participant) or books through the booking
 * service (the default). Warnings come back to be confirmed with a box (field `confirm`).
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { isAcceptedDay } from '$lib/domain/calendar-day';
import { localDay, localTime } from '$lib/domain/local-time';
import type { RdvDto } from '$lib/domain/dto';
import {
	formSource,
	isId,
	readDuration,
	readNotifications,
	readParticipants,
	readSeats,
	readSlot,
	readStart,
	type FieldSource,
	type NotificationChoice
} from '$lib/components/rdv-form/wizard-fields';
import { formFieldErrors } from '$lib/server/form-field-errors';
import { bookRdv, getRdv, type BookingFailure } from '$lib/server/services/booking';
import { getMotif } from '$lib/server/services/motifs';
import { getOrganisation } from '$lib/server/services/organisations';
import { listBookableAgents, loadWizardParticipants } from '$lib/server/services/rdv-wizard';
import { loadSearchOptions } from '$lib/server/services/search-options';
import { createUsager, searchUsagers, type CreateUsagerResult } from '$lib/server/services/usagers';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import type { AgentPrincipal } from '$lib/domain/types';
import type { Actions, PageServerLoad } from './$types';

type Mode = 'motif' | 'rdv' | 'join' | 'session';

/** The text fields, as typed: sent back unchanged with every refusal. */
const TEXT_FIELDS = [
	'jour',
	'heure',
	'duree',
	'lieu',
	'adresse',
	'context',
	'titre',
	'places',
	'firstName',
	'lastName',
	'phone',
	'email',
	'birthDate',
	'responsable'
] as const;
const NEW_USAGER_FIELDS = ['firstName', 'lastName', 'phone', 'email', 'birthDate', 'responsable'] as const;

const readValues = (f: FieldSource) =>
	Object.fromEntries(TEXT_FIELDS.map((name) => [name, f.get(name) ?? ''])) as Record<string, string>;

async function requireOrganisation(orgId: string) {
	const organisation = await getOrganisation(orgId);
	if (!organisation) error(404, 'Organisation introuvable.');
	return organisation;
}

/** The motif asked for: none opens the motif section; an unknown or hidden one is a 404, like a foreign one. */
async function findMotif(organisationId: string, motifId: string, viewer: AgentPrincipal) {
	if (motifId === '') return null;
	const motif = isId(motifId) ? await getMotif(organisationId, motifId, viewer) : null;
	if (!motif || motif.deleted) error(404, 'Motif introuvable : choisissez-en un autre.');
	return motif;
}

const modeOf = (motif: { collective: boolean } | null, sessionId: string | undefined): Mode =>
	!motif ? 'motif' : !motif.collective ? 'rdv' : sessionId ? 'join' : 'session';

/** An active session of this motif, or a 404 the agent understands. */
async function requireSession(sessionId: string, motifId: string, viewer: AgentPrincipal) {
	const session = await getRdv(sessionId, viewer);
	if (!session || !session.collective || session.motifId !== motifId)
		error(404, 'Séance introuvable : repartez de la liste des séances.');
	if (session.status === 'revoked') error(404, 'Cette séance est annulée : repartez de la liste des séances.');
	return session;
}

const expected = (session: RdvDto) =>
	session.participants.filter((p) => p.status !== 'excused' && p.status !== 'revoked').length;

/** Notification choices by usager, for the boxes. */
const choicesById = (choices: NotificationChoice[]) =>
	Object.fromEntries(
		choices.map((c) => [c.usagerId, { lifecycle: c.sendLifecycleNotifications, reminder: c.sendReminderNotification }])
	);

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const organisation = await requireOrganisation(params.orgId);
	const query: FieldSource = { get: (n) => url.searchParams.get(n), getAll: (n) => url.searchParams.getAll(n) };
	const slot = readSlot(query);
	const motif = await findMotif(organisation.id, slot.motifId, viewer);
	const mode = modeOf(motif, slot.sessionId);
	const session = mode === 'join' && motif ? await requireSession(slot.sessionId as string, motif.id, viewer) : null;
	if (slot.startsAt !== '' && !slot.validStart) error(400, 'Début invalide : repartez de l’agenda ou de la recherche.');

	const q = (url.searchParams.get('q') ?? '').trim();
	const collectiveOnly = url.searchParams.get('collectif') === '1';
	const picked = readParticipants(query);
	const [options, agents, participants, found] = await Promise.all([
		loadSearchOptions(viewer, organisation.id),
		listBookableAgents(viewer, organisation.id),
		loadWizardParticipants(organisation.id, picked.usagerIds),
		q && mode !== 'motif' ? searchUsagers(organisation.id, q) : []
	]);
	const start = session ? new Date(session.startsAt) : slot.validStart ? new Date(slot.startsAt) : null;
	const jour = url.searchParams.get('jour') ?? '';
	const day = isAcceptedDay(jour) ? jour : start ? localDay(start, organisation.timeZone) : '';
	const agentIds = session ? session.agentIds : slot.agentIds;
	const members = new Map([...options.agents, ...agents].map((a) => [a.id, a]));
	const chosenIds = participants.chosen.map((u) => u.id);

	return {
		mode,
		/** Hidden in the POST form: what decides the mode. */
		keep: [
			...(motif ? [['motif', motif.id]] : []),
			...(session ? [['seance', session.id]] : []),
			['retour', slot.retour]
		] as [string, string][],
		/** Every query field, for the motif section's GET form (which adds the motif) and the usager search. */
		query: [...url.searchParams].filter(([name]) => name !== 'q' && name !== 'motif'),
		retour: slot.retour,
		motif: motif
			? {
					id: motif.id,
					name: motif.name,
					durationMinutes: motif.durationMinutes,
					collective: motif.collective,
					locationType: motif.locationType
				}
			: null,
		/** The motif section's choices: collective ones only from the sessions list (`collectif=1`). */
		motifs: options.services.flatMap((s) =>
			s.motifs
				.filter((m) => m.collective || !collectiveOnly)
				.map((m) => ({ value: m.id, label: `${m.name} (${m.durationMinutes} min) — ${s.name}` }))
		),
		collectiveOnly,
		/** The range asked for, shown while the motif is chosen. */
		asked: start
			? {
					day: localDay(start, organisation.timeZone),
					time: localTime(start, organisation.timeZone),
					durationMinutes: slot.durationMinutes ?? null,
					agents: agentIds.flatMap((id) => {
						const a = members.get(id);
						return a ? [`${a.firstName} ${a.lastName}`] : [];
					})
				}
			: null,
		session: session
			? {
					id: session.id,
					title: session.title ?? null,
					maxParticipants: session.maxParticipants ?? null,
					participants: expected(session),
					seatsLeft: session.maxParticipants ? Math.max(0, session.maxParticipants - expected(session)) : null,
					lieu: options.lieux.find((l) => l.id === session.lieuId) ?? null,
					agents: session.agentIds.flatMap((id) => {
						const a = members.get(id);
						return a ? [`${a.firstName} ${a.lastName}`] : [];
					})
				}
			: null,
		/** Starting values of the fields (the query's, typed values carried by the search included). */
		values: {
			...readValues(query),
			jour: day,
			heure: url.searchParams.get('heure') || (start && !session ? localTime(start, organisation.timeZone) : ''),
			duree: String(session?.durationMinutes ?? slot.durationMinutes ?? motif?.durationMinutes ?? ''),
			lieu: slot.lieuId ?? ''
		},
		agentIds: agentIds.length ? agentIds : agents.some((a) => a.id === viewer.id) ? [viewer.id] : [],
		lieux: options.lieux,
		agents,
		q,
		usagers: found,
		chosen: participants.chosen,
		relatives: participants.relatives,
		selected: [...chosenIds, ...(picked.createNew ? ['nouveau'] : [])],
		notifications: choicesById(readNotifications(query, chosenIds))
	};
};

interface FormState {
	values: Record<string, string>;
	errors: Record<string, string>;
	message?: string;
	/** needs_confirmation: what to confirm with « Créer quand même ». */
	warnings?: string[];
	/** The slot was taken meanwhile (opened from Trouver un RDV). */
	slotTaken?: boolean;
	duplicates?: { id: string; message: string }[];
	/** The participants' boxes: ticked usagers (and « nouveau »), with what the page shows of them. */
	selected: string[];
	chosen: Awaited<ReturnType<typeof loadWizardParticipants>>['chosen'];
	relatives: Awaited<ReturnType<typeof loadWizardParticipants>>['relatives'];
	notifications: ReturnType<typeof choicesById>;
	agentIds: string[];
	/** The usager just created (« Ajouter cet usager »). */
	added?: string;
}

/** The booking service's field names → this form's. */
const FIELD_NAMES: Record<string, string> = {
	durationMinutes: 'duree',
	context: 'context',
	usagerIds: 'usager',
	lieuId: 'lieu',
	singleUseAddress: 'adresse',
	agentIds: 'agent',
	title: 'titre',
	maxParticipants: 'places',
	startsAt: 'heure'
};

type CreateFailure = Exclude<CreateUsagerResult, { ok: true }>;

/** An inline creation refused: field errors, or the possible duplicates to look at or confirm. */
function creationRefusal(created: CreateFailure) {
	if (created.kind === 'invalid') {
		const { responsibleId, ...errors } = created.errors;
		return { status: 400, errors: responsibleId ? { ...errors, responsable: responsibleId } : errors };
	}
	return {
		status: 409,
		errors: {},
		message: 'Cet usager existe peut-être déjà : cochez-le après une recherche, ou confirmez la création.',
		duplicates: created.duplicates.map((d) => ({ id: d.usager.id, message: d.message }))
	};
}

export const actions: Actions = {
	default: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const organisation = await requireOrganisation(params.orgId);
		const f = formSource(await request.formData());
		const slot = readSlot(f);
		const motif = await findMotif(organisation.id, slot.motifId, viewer);
		if (!motif) error(404, 'Motif introuvable : choisissez-en un autre.');
		const mode = modeOf(motif, slot.sessionId);
		const values = readValues(f);
		const picked = readParticipants(f);

		/** The page's state after this submission: what was typed and ticked, the participants described. */
		const stateWith = async (usagerIds: string[], createNew: boolean, typed = values) => {
			const participants = await loadWizardParticipants(organisation.id, usagerIds);
			const ids = participants.chosen.map((u) => u.id);
			return {
				values: typed,
				selected: [...ids, ...(createNew ? ['nouveau'] : [])],
				...participants,
				notifications: choicesById(readNotifications(f, ids)),
				agentIds: slot.agentIds
			};
		};
		const failWith = async (
			status: number,
			state: Partial<FormState>,
			usagerIds = picked.usagerIds,
			createNew = picked.createNew
		) => fail(status, { errors: {}, ...(await stateWith(usagerIds, createNew)), ...state });

		const create = () =>
			createUsager({
				organisationId: organisation.id,
				firstName: values.firstName,
				lastName: values.lastName,
				phone: values.phone,
				email: values.email,
				birthDate: values.birthDate,
				responsibleId: values.responsable || undefined,
				allowDuplicates: f.get('allowDuplicates') === 'on'
			});

		if (f.get('intent') === 'ajouter-usager') {
			const created = await create();
			if (!created.ok) return failWith(creationRefusal(created).status, creationRefusal(created));
			// Added and ticked; the creation fields are emptied for the next one (a relative, say).
			const cleared = { ...values, ...Object.fromEntries(NEW_USAGER_FIELDS.map((n) => [n, ''])) };
			const added = `${created.usager.firstName} ${created.usager.lastName}`;
			return { errors: {}, added, ...(await stateWith([...picked.usagerIds, created.usager.id], false, cleared)) };
		}

		// This form's own fields (the booking service checks the rest).
		const errors: Record<string, string> = {};
		let startsAt = slot.startsAt;
		let durationMinutes: number | undefined;
		let maxParticipants: number | undefined;
		if (mode === 'join') {
			// The session's own time (the booking service takes it from the session anyway).
			startsAt = (await requireSession(slot.sessionId as string, motif.id, viewer)).startsAt;
		} else {
			const duration = readDuration(values.duree);
			if (duration.error) errors.duree = duration.error;
			durationMinutes = duration.minutes;
			const start = readStart({ jour: values.jour, heure: values.heure }, slot, organisation.timeZone);
			Object.assign(errors, start.errors);
			if (start.startsAt) startsAt = start.startsAt;
			if (slot.agentIds.length === 0) errors.agent = 'Choisissez au moins un agent.';
			if (values.adresse.trim().length > 300) errors.adresse = 'L’adresse fait au plus 300 caractères.';
		}
		if (mode === 'session') {
			const seats = readSeats(values.places);
			if (seats.error) errors.places = seats.error;
			maxParticipants = seats.seats;
			if (values.titre.trim().length > 160) errors.titre = 'Le titre fait au plus 160 caractères.';
		}
		if (Object.keys(errors).length) return failWith(400, { errors });

		const usagerIds = [...picked.usagerIds];
		let createdNow = false;
		if (picked.createNew) {
			const created = await create();
			if (!created.ok) return failWith(creationRefusal(created).status, creationRefusal(created));
			usagerIds.push(created.usager.id);
			createdNow = true;
		}
		if (usagerIds.length === 0 && mode !== 'session')
			return failWith(400, { errors: { usager: 'Choisissez un usager ou créez-en un.' } });

		const result = await bookRdv(
			{
				organisationId: organisation.id,
				motifId: motif.id,
				startsAt,
				durationMinutes,
				lieuId: mode === 'join' ? undefined : isId(values.lieu) ? values.lieu : undefined,
				singleUseAddress: mode === 'join' ? undefined : values.adresse.trim() || undefined,
				agentIds: slot.agentIds,
				usagerIds,
				notifications: readNotifications(f, usagerIds),
				context: values.context.trim() || undefined,
				confirm: f.get('confirm') === 'on',
				sessionId: mode === 'join' ? slot.sessionId : undefined,
				title: mode === 'session' ? values.titre.trim() || undefined : undefined,
				maxParticipants
			},
			{ kind: 'agent', agent: viewer }
		);
		if (result.ok) {
			// From Trouver un RDV, back to the agent's day (as the search's journeys expect); otherwise the new RDV.
			if (slot.retour !== '' || mode === 'join') {
				const day = localDay(new Date(result.rdv.startsAt), organisation.timeZone);
				const done = { motif: 'cree', rdv: 'cree', join: 'inscrit', session: 'seance-creee' } as const;
				const agenda = new URLSearchParams({ agent: result.rdv.agentIds[0], date: day, rdv: done[mode] });
				redirect(303, `/agents/org/${organisation.id}/agenda?${agenda}`);
			}
			redirect(303, `/agents/org/${organisation.id}/rdvs/${result.rdv.id}`);
		}
		// An usager created by this submission is ticked for the next attempt, and not created again.
		const retry = (state: Partial<FormState>) =>
			createdNow ? failWith(status(result.code), state, usagerIds, false) : failWith(status(result.code), state);
		const fromSearch = slot.retour !== '';
		switch (result.code) {
			case 'conflict': {
				// An identical RDV is no taken slot: the agent should look at the existing one, not for another time.
				const duplicate = (result.errors ?? []).some((e) => e.code === 'duplicate_rdv');
				return retry({ slotTaken: fromSearch && mode === 'rdv' && !duplicate, message: result.message });
			}
			case 'needs_confirmation': {
				const warnings = (result.warnings ?? []).map((w) => w.message);
				// An RDV already on this agent's slot: for whoever clicked a free slot, it is no longer free.
				const slotTaken = fromSearch && mode === 'rdv' && (result.warnings ?? []).some((w) => w.code === 'rdv_overlap');
				return retry({ warnings, slotTaken, message: result.message });
			}
			case 'invalid':
				return retry({ errors: formFieldErrors(result, FIELD_NAMES), message: result.message });
			default:
				return retry({ message: result.message });
		}
	}
};

function status(code: BookingFailure['code']): number {
	return code === 'conflict' || code === 'needs_confirmation'
		? 409
		: code === 'invalid'
			? 400
			: code === 'forbidden'
				? 403
				: 404;
}
