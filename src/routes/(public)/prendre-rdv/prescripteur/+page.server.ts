import { fail } from '@sveltejs/kit';
import { FUNNEL_PATHS, funnelHref, parseFunnelParams, previousStepParams } from '$lib/domain/public-booking';
import type { PublicSlotDto } from '$lib/domain/public-booking';
import {
	beneficiaryFieldErrors,
	BeneficiaryFieldsSchema,
	beneficiaryNeeds,
	bookAsPrescripteur,
	checkOnlineSlot,
	issuesToFieldErrors,
	onlineBookingContext,
	PrescripteurFieldsSchema,
	resolvePrescripteurSlot,
	type OnlineBookingContext
} from '$lib/server/services/public-booking';
import type { Actions, PageServerLoad } from './$types';

/**
 * « Je suis un prescripteur »: the prescripteur's own details (1), the beneficiary's (2), the summary to confirm
 * (3), then the confirmation. No account and no session: what was typed travels in the forms' hidden fields
 * (never in the address, which keeps only the funnel's parameters) and every step validates all of it again.
 */

const PRESCRIPTEUR_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'organisationName'] as const;
const BENEFICIARY_FIELDS = [
	'firstName',
	'lastName',
	'birthDate',
	'phone',
	'email',
	'street',
	'postcode',
	'city'
] as const;

export type PrescripteurFormValues = Record<string, string>;

/** The typed values, as strings keyed like the form ('prescripteur.firstName', 'beneficiary.phone'…). */
function formValues(data: FormData): PrescripteurFormValues {
	const values: PrescripteurFormValues = {};
	for (const [group, fields] of [
		['prescripteur', PRESCRIPTEUR_FIELDS],
		['beneficiary', BENEFICIARY_FIELDS]
	] as const)
		for (const field of fields) {
			const v = data.get(`${group}.${field}`);
			if (typeof v === 'string' && v.length <= 400) values[`${group}.${field}`] = v;
		}
	return values;
}

const group = (values: PrescripteurFormValues, prefix: 'prescripteur' | 'beneficiary') =>
	Object.fromEntries(
		Object.entries(values)
			.filter(([k]) => k.startsWith(`${prefix}.`))
			.map(([k, v]) => [k.slice(prefix.length + 1), v])
	);

async function contextOf(url: URL, now: Date): Promise<OnlineBookingContext | null> {
	const slot = await resolvePrescripteurSlot(parseFunnelParams(url.searchParams), now);
	return slot ? onlineBookingContext(slot, { openTo: 'prescripteur' }) : null;
}

export const load: PageServerLoad = async ({ url }) => {
	const params = parseFunnelParams(url.searchParams);
	const context = await contextOf(url, new Date());
	return {
		params,
		context,
		needs: context ? beneficiaryNeeds(context.motif.locationType) : null,
		/** Back to the grid, the slot forgotten. */
		gridHref: funnelHref(FUNNEL_PATHS.search, { ...previousStepParams(params, 'chosen'), prescripteur: true })
	};
};

type Step = 1 | 2 | 3;

const prescripteurErrors = (values: PrescripteurFormValues) => {
	const parsed = PrescripteurFieldsSchema.safeParse(group(values, 'prescripteur'));
	return parsed.success ? null : issuesToFieldErrors(parsed.error, 'prescripteur.');
};

/** The beneficiary's errors, with what this motif needs (a phone to be called, an address to be visited). */
const beneficiaryErrors = (values: PrescripteurFormValues, context: OnlineBookingContext) => {
	const parsed = BeneficiaryFieldsSchema.safeParse(group(values, 'beneficiary'));
	if (!parsed.success) return issuesToFieldErrors(parsed.error, 'beneficiary.');
	const missing = beneficiaryFieldErrors(parsed.data, context.motif.locationType);
	return Object.keys(missing).length ? missing : null;
};

const back = (step: Step, values: PrescripteurFormValues, errors: Record<string, string> = {}) =>
	fail(400, { step, values, errors });

export const actions: Actions = {
	/** Step 1 → 2. */
	coordonnees: async ({ request }) => {
		const values = formValues(await request.formData());
		const errors = prescripteurErrors(values);
		if (errors) return back(1, values, errors);
		return { step: 2 as Step, values, errors: {} };
	},

	/** Step 2 → 3: the summary, once the slot is checked again (it may have gone meanwhile). */
	beneficiaire: async ({ request, url }) => {
		const values = formValues(await request.formData());
		const now = new Date();
		const context = await contextOf(url, now);
		const early = prescripteurErrors(values);
		if (early) return back(1, values, early);
		if (!context) return back(2, values, { form: 'Ce créneau n’est plus proposé : choisissez-en un autre.' });
		const errors = beneficiaryErrors(values, context);
		if (errors) return back(2, values, errors);
		const prescripteur = PrescripteurFieldsSchema.parse(group(values, 'prescripteur'));
		const gone = await checkOnlineSlot({
			organisationId: context.organisation.id,
			motifId: context.motif.id,
			lieuId: context.lieu?.id,
			startsAt: new Date(context.startsAt),
			actor: { kind: 'prescripteur', prescripteur },
			now
		});
		if (gone)
			return fail(409, { step: 3 as Step, values, errors: { form: gone.message }, nextSlots: gone.nextSlots ?? [] });
		return { step: 3 as Step, values, errors: {} };
	},

	/** A « Modifier » button: back to step 1 or 2 with what was typed. */
	modifier: async ({ request }) => {
		const data = await request.formData();
		const values = formValues(data);
		return { step: (data.get('to') === '1' ? 1 : 2) as Step, values, errors: {} };
	},

	/** Step 3: the booking. */
	confirmer: async ({ request, url, getClientAddress }) => {
		const data = await request.formData();
		const values = formValues(data);
		const now = new Date();
		const context = await contextOf(url, now);
		if (!context) return back(2, values, { form: 'Ce créneau n’est plus proposé : choisissez-en un autre.' });
		if (context.motif.instructionsBeforeBooking && data.get('accepted') !== 'true')
			return fail(400, {
				step: 3 as Step,
				values,
				errors: { accepted: 'Confirmez avoir pris connaissance des informations à lire avant le rendez-vous.' }
			});
		const result = await bookAsPrescripteur(
			{
				organisationId: context.organisation.id,
				motifId: context.motif.id,
				lieuId: context.lieu?.id,
				startsAt: context.startsAt,
				prescripteur: group(values, 'prescripteur'),
				beneficiary: group(values, 'beneficiary')
			},
			{ ip: getClientAddress(), now }
		);
		if (result.ok)
			return {
				step: 'done' as const,
				done: {
					context: result.context,
					beneficiaryLabel: result.beneficiaryLabel,
					email: group(values, 'prescripteur').email?.trim().toLowerCase() ?? ''
				}
			};
		const fieldErrors = result.fieldErrors ?? {};
		const step: Step = Object.keys(fieldErrors).some((k) => k.startsWith('prescripteur.'))
			? 1
			: Object.keys(fieldErrors).some((k) => k.startsWith('beneficiary.'))
				? 2
				: 3;
		const nextSlots: PublicSlotDto[] = result.code === 'conflict' ? (result.nextSlots ?? []) : [];
		return fail(result.code === 'rate_limited' ? 429 : result.code === 'conflict' ? 409 : 400, {
			step,
			values,
			errors: { ...fieldErrors, form: result.message },
			nextSlots
		});
	}
};
