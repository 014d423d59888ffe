/**
 * The usager space (PRODUCT.md §6): the signed-in usager's RDVs and their relatives', cancelling and moving them
 * online, the profile and notification preferences, deleting the account. Every function takes the usager's id
 * from the session and answers anything not theirs like an unknown id. The relatives themselves are the public
 * booking's service (services/public-booking/relatives.ts), shared with the funnel's « Pour qui ».
 */
export {
	ACCOUNT_HAS_UPCOMING_RDVS,
	anonymiseUsager,
	deleteUsagerAccount,
	DELETED_USAGER_FIRST_NAME,
	DELETED_USAGER_LAST_NAME,
	type DeleteAccountResult
} from './account.ts';
export { cancelUsagerRdv } from './cancel.ts';
export { moveUsagerRdv, usagerMoveGrid, type MoveGridResult } from './move.ts';
export {
	getUsagerProfile,
	NotificationPreferencesSchema,
	updateNotificationPreferences,
	type UsagerProfileDto
} from './profile.ts';
export {
	getUsagerRdv,
	listUsagerRdvs,
	personName,
	usagerPeople,
	type UsagerRdvLists,
	type UsagerSpacePerson,
	type UsagerSpaceRdv
} from './rdvs.ts';
