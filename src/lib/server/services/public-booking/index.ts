/** The public booking services: import only from here. */
export type { PublicAudience, PublicScope } from './catalog.ts';
export {
	listPublicMotifs,
	listPublicOrganisations,
	listPublicPlaces,
	listPublicServices,
	publicOrganisation,
	resolvePublicMotif,
	type PublicMotifOffer,
	type PublicMotifWithOffers,
	type PublicPlacesResult,
	type PublicSearchParams,
	type ResolveMotifQuery
} from './search.ts';
export {
	nextPublicSlots,
	publicCreneaux,
	publicGrid,
	type NextPublicSlotsQuery,
	type PublicCreneauxQuery,
	type PublicCreneauxResult,
	type PublicGridQuery
} from './grid.ts';
export {
	addOrganisationProfiles,
	bookOnline,
	checkOnlineSlot,
	resolveFunnelSlot,
	SLOT_GONE_MESSAGE,
	type BookOnlineFailure,
	type BookOnlineInput,
	type BookOnlineResult,
	type FunnelSlot,
	type OnlineActor
} from './book.ts';
export { bookedRdvIcs, getBookedRdv, type BookedRdv } from './booked-rdv.ts';
export {
	getUsagerInformations,
	informationsNeeds,
	InformationsSchema,
	missingInformations,
	NOT_MOBILE_WARNING,
	updateUsagerInformations,
	type InformationsInput,
	type UpdateInformationsResult,
	type UsagerInformations
} from './informations.ts';
export {
	addRelative,
	canBookFor,
	listRelatives,
	MAX_RELATIVES,
	RELATIVE_HAS_UPCOMING_RDVS,
	RelativeSchema,
	removeRelative,
	updateRelative,
	type AddRelativeResult,
	type RelativeDto,
	type RelativeInput,
	type RemoveRelativeResult,
	type UpdateRelativeResult
} from './relatives.ts';
export { onlineBookingContext, type OnlineBookingContext } from './booking-context.ts';
export {
	bookAsPrescripteur,
	PRESCRIPTEUR_BOOKINGS_PER_HOUR,
	resolvePrescripteurSlot,
	sendPrescripteurConfirmation,
	type PrescripteurBookingResult
} from './prescripteur.ts';
export {
	beneficiaryFieldErrors,
	beneficiaryNeeds,
	BeneficiaryFieldsSchema,
	issuesToFieldErrors,
	PrescripteurFieldsSchema,
	type BeneficiaryFields,
	type PrescripteurFields
} from './prescripteur-input.ts';
