/**
 * The e-mail a prescripteur receives after booking for a beneficiary (PRODUCT.md §6). The prescripteur has no
 * account and may mistype an address: the message names the beneficiary by first name and initial only, so a
 * misdirected e-mail tells a stranger as little as possible about who sees a social worker, and when.
 */
import type { LocationType } from '../../domain/types.ts';
import { renderEmail, type EmailContent } from './templates.ts';

export interface PrescripteurConfirmationInput {
	prescripteurFirstName: string;
	/** First name and initial only (firstNameAndInitial): « Marie D. ». */
	beneficiary: string;
	motifName: string;
	locationType: LocationType;
	/** Already in the territory's zone and in French: « lundi 22 mars 2027 à 14h00 ». */
	when: string;
	durationMinutes: number;
	lieu?: { name: string; address: string };
	organisation: { name: string; phone?: string; email?: string; website?: string };
	instructionsAfterBooking?: string;
}

/** « Marie D. »: what the e-mail says of the beneficiary. */
export function firstNameAndInitial(firstName: string, lastName: string): string {
	const initial = lastName.trim().charAt(0).toLocaleUpperCase('fr');
	return initial ? `${firstName.trim()} ${initial}.` : firstName.trim();
}

const WHERE: Record<LocationType, string> = {
	public_office: 'Sur place',
	phone: 'Par téléphone : l’agent appellera le bénéficiaire au numéro indiqué.',
	visio: 'En visioconférence : le lien sera communiqué au bénéficiaire.',
	home: 'À domicile, à l’adresse indiquée.'
};

export function prescripteurConfirmationEmail(input: PrescripteurConfirmationInput): EmailContent {
	const beneficiary = input.beneficiary;
	const contacts = [input.organisation.phone, input.organisation.email, input.organisation.website].filter(
		(c): c is string => !!c
	);
	const details = [
		{ label: 'Bénéficiaire', value: beneficiary },
		{ label: 'Motif', value: input.motifName },
		{ label: 'Date', value: input.when },
		{ label: 'Durée', value: `${input.durationMinutes} minutes` },
		{
			label: 'Lieu',
			value: input.lieu ? `${input.lieu.name}, ${input.lieu.address}` : WHERE[input.locationType]
		},
		{ label: 'Organisation', value: input.organisation.name },
		...(contacts.length ? [{ label: 'Contact', value: contacts.join(' · ') }] : [])
	];
	return {
		subject: `Rendez-vous confirmé pour ${beneficiary} le ${input.when}`,
		...renderEmail({
			title: 'Le rendez-vous est confirmé',
			paragraphs: [
				`Bonjour ${input.prescripteurFirstName},`,
				`Vous avez pris un rendez-vous pour ${beneficiary} auprès de ${input.organisation.name}. Pensez à le lui transmettre.`,
				...(input.instructionsAfterBooking ? [`À savoir : ${input.instructionsAfterBooking}`] : [])
			],
			details,
			footnote: `Pour modifier ou annuler ce rendez-vous, contactez ${input.organisation.name}${
				contacts.length ? ` (${contacts.join(', ')})` : ''
			}. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.`
		})
	};
}
