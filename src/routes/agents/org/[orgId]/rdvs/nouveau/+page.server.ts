/**
 * The simple RDV creation form opened from a slot of Trouver un RDV (until the full wizard exists): motif,
 * time, duration, lieu and agent come from the query; the agent picks an usager (GET search, server side) or
 * creates one inline, then the booking service decides. Warnings can be overridden by ticking a box.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { localDay, localTime } from '$lib/domain/local-time';
import { bookRdv } from '$lib/server/services/booking';
import { getLieu } from '$lib/server/services/lieux';
import { getMotif } from '$lib/server/services/motifs';
import { getOrganisation, listOrganisationAgents } from '$lib/server/services/organisations';
import { createUsager, getOrganisationUsager, searchUsagers } from '$lib/server/services/usagers';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[0-9a-f]{24}$/;

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
		lieuId: ID.test(get('lieu') ?? '') ? (get('lieu') as string) : undefined,
		agentIds: [...new Set(getAll('agent').filter((a) => ID.test(a)))],
		/** The Trouver un RDV query to go back to. */
		retour: get('retour') ?? ''
	};
}

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
	if (!slot.validStart) error(400, 'Créneau invalide : repartez de la recherche de créneaux.');

	const q = (url.searchParams.get('q') ?? '').trim();
	const preselected = url.searchParams.get('usager') ?? '';
	const [members, lieu, usagers, chosen] = await Promise.all([
		listOrganisationAgents(organisation.id),
		slot.lieuId ? getLieu(organisation.id, slot.lieuId) : null,
		q ? searchUsagers(organisation.id, q) : [],
		ID.test(preselected) ? getOrganisationUsager(organisation.id, preselected) : null
	]);
	const start = new Date(slot.startsAt);
	return {
		slot: { ...slot, durationMinutes: slot.durationMinutes ?? motif.durationMinutes },
		when: { day: localDay(start, organisation.timeZone), time: localTime(start, organisation.timeZone) },
		motif: { id: motif.id, name: motif.name, durationMinutes: motif.durationMinutes },
		lieu: lieu ? { id: lieu.id, name: lieu.name, address: lieu.address } : null,
		agents: members
			.filter((a) => slot.agentIds.includes(a.id))
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
		const values: Record<string, string> = {
			usager: text('usager') ?? '',
			firstName: text('firstName') ?? '',
			lastName: text('lastName') ?? '',
			phone: text('phone') ?? '',
			context: text('context') ?? '',
			duree: text('duree') ?? ''
		};
		const failWith = (status: number, state: Omit<FormState, 'values'>) => fail(status, { ...state, values });

		const duration = Number(values.duree);
		if (!Number.isInteger(duration) || duration < 5 || duration > 1440 || duration % 5 !== 0) {
			return failWith(400, { errors: { duree: 'Durée invalide : de 5 à 1440 minutes, par pas de 5 minutes.' } });
		}

		let usagerId = values.usager;
		let createdUsager: FormState['createdUsager'];
		if (usagerId === 'nouveau') {
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
			usagerId = created.usager.id;
			createdUsager = { id: usagerId, firstName: created.usager.firstName, lastName: created.usager.lastName };
		} else if (!ID.test(usagerId)) {
			return failWith(400, { errors: { usager: 'Choisissez un usager ou créez-en un.' } });
		}

		const result = await bookRdv(
			{
				organisationId: organisation.id,
				motifId: slot.motifId,
				startsAt: slot.startsAt,
				durationMinutes: slot.durationMinutes,
				lieuId: slot.lieuId,
				agentIds: slot.agentIds,
				usagerIds: [usagerId],
				context: values.context.trim() || undefined,
				override: text('override') === 'on'
			},
			{ kind: 'agent', agent: viewer }
		);
		if (result.ok) {
			const day = localDay(new Date(result.rdv.startsAt), organisation.timeZone);
			const agenda = new URLSearchParams({ agent: result.rdv.agentIds[0], date: day, rdv: 'cree' });
			redirect(303, `/agents/org/${organisation.id}/agenda?${agenda}`);
		}
		const base = { createdUsager };
		switch (result.code) {
			case 'conflict':
				return failWith(409, { ...base, errors: {}, slotTaken: true, message: result.message });
			case 'needs_confirmation': {
				const warnings = (result.warnings ?? []).map((w) => w.message);
				// An RDV already on this agent's slot: for whoever clicked a free slot, it is no longer free.
				const slotTaken = (result.warnings ?? []).some((w) => w.code === 'rdv_overlap');
				return failWith(409, { ...base, errors: {}, warnings, slotTaken, message: result.message });
			}
			case 'invalid': {
				const errors: Record<string, string> = {};
				for (const [key, message] of Object.entries(result.fieldErrors ?? {})) {
					if (key === 'durationMinutes') errors.duree = message;
					else if (key === 'context') errors.context = message;
					else if (key.startsWith('usagerIds')) errors.usager = message;
				}
				return failWith(400, { ...base, errors, message: result.message });
			}
			default:
				return failWith(result.code === 'forbidden' ? 403 : 404, { ...base, errors: {}, message: result.message });
		}
	}
};
