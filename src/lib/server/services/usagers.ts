/**
 * Usagers of an organisation (PRODUCT.md §1, §12): search and list, creation with duplicate warnings and
 * relatives, the record page, edition and referents. Split by use case in usagers/; import from here only.
 */
export { createUsagerSchema, usagerFieldsSchema, type UsagerFieldsInput } from './usagers/fields.ts';
export {
	createUsager,
	emailOwner,
	findPossibleDuplicates,
	type CreateUsagerFields,
	type CreateUsagerInput,
	type CreateUsagerResult,
	type PossibleDuplicate
} from './usagers/create.ts';
export {
	getOrganisationUsager,
	getUsagerRecord,
	listRelatives,
	setReferent,
	updateUsager,
	type ReferentResult,
	type UpdateUsagerResult
} from './usagers/record.ts';
export {
	listUsagers,
	searchUsagers,
	UsagerCursorError,
	USAGER_MAX_PAGE_SIZE,
	USAGER_PAGE_SIZE,
	USAGER_SEARCH_LIMIT,
	type UsagerPage
} from './usagers/search.ts';
export { ensureUsagerSearchKeys } from './usagers/backfill.ts';
