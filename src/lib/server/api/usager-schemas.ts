/** /api/v1/organisations/{orgId}/usagers: the usager resources, their queries and bodies, as OpenAPI components. */
import { z } from 'zod';
import { FAMILY_SITUATION_LABELS, type FamilySituation } from '../../domain/dto.ts';
import type { UsagerDto } from '../../domain/dto.ts';
import { createUsager, USAGER_MAX_PAGE_SIZE, USAGER_PAGE_SIZE } from '../services/usagers.ts';
import { conflict, needsConfirmation, validationFailed } from './errors.ts';
import { pageLimitSchema } from './list-schemas.ts';
import { component } from './openapi.ts';
import { ObjectIdSchema } from './schemas.ts';

const FAMILY_SITUATIONS = Object.keys(FAMILY_SITUATION_LABELS) as [FamilySituation, ...FamilySituation[]];
const Day = z.string().describe('Jour (AAAA-MM-JJ).');

export const UsagerSchema = component(
	'Usager',
	z
		.object({
			id: ObjectIdSchema,
			firstName: z.string(),
			lastName: z.string().describe('Nom d’usage.'),
			birthName: z.string().optional().describe('Nom de naissance.'),
			birthDate: Day.optional(),
			email: z.string().optional(),
			phone: z.string().optional().describe('Numéro au format E.164 (+33612345678).'),
			phoneIsMobile: z.boolean().describe('Seuls les mobiles reçoivent des SMS.'),
			responsibleId: ObjectIdSchema.optional().describe('Présent sur un proche : l’usager responsable.')
		})
		.describe('Usager (résumé).')
);

export const UsagerRecordSchema = component(
	'UsagerRecord',
	UsagerSchema.extend({
		address: z
			.object({ street: z.string().optional(), postcode: z.string().optional(), city: z.string().optional() })
			.optional(),
		notes: z.string().optional().describe('Remarques de cette organisation (celles des autres ne sont pas données).'),
		caseNumber: z.string().optional(),
		familySituation: z.enum(FAMILY_SITUATIONS).optional(),
		numberOfChildren: z.number().int().optional(),
		notifyBySms: z.boolean(),
		notifyByEmail: z.boolean(),
		referents: z
			.array(z.object({ id: ObjectIdSchema, firstName: z.string(), lastName: z.string() }))
			.describe('Agents référents dans cette organisation.'),
		responsible: UsagerSchema.optional().describe('L’usager responsable, pour un proche.'),
		relatives: z.array(UsagerSchema).describe('Les proches de l’usager dans cette organisation.')
	}).describe('Fiche d’un usager dans une organisation.')
);

export const UsagerListQuerySchema = z
	.object({
		q: z
			.string()
			.max(200)
			.optional()
			.describe(
				'Recherche : début du nom, du prénom ou du nom de naissance, téléphone, e-mail ou date de naissance (JJ/MM/AAAA ou AAAA-MM-JJ), combinables. Sans q, la liste alphabétique paginée.'
			),
		cursor: z.string().max(600).optional().describe('nextCursor de la page précédente (liste sans q).'),
		limit: pageLimitSchema(USAGER_MAX_PAGE_SIZE, USAGER_PAGE_SIZE)
	})
	.strict();

export const UsagerPageSchema = component(
	'UsagerPage',
	z
		.object({
			data: z.array(UsagerSchema),
			nextCursor: z.string().optional().describe('Absent sur la dernière page (et pour une recherche).')
		})
		.describe('Une page d’usagers, triés par nom puis prénom ; une recherche donne les meilleurs résultats d’abord.')
);

const text = (max: number) => z.string().max(max);
/** null clears an optional field (PATCH). */
const clearable = <S extends z.ZodType>(schema: S) => schema.nullable().optional();

const fields = {
	firstName: text(100),
	lastName: text(100).describe('Nom d’usage.'),
	birthName: clearable(text(100)),
	birthDate: clearable(Day),
	email: clearable(text(320)),
	phone: clearable(text(30).describe('Numéro français ou ultramarin, tel que saisi (06 12 34 56 78, +262…).')),
	street: clearable(text(200)),
	postcode: clearable(text(5)),
	city: clearable(text(100)),
	notes: clearable(text(5000).describe('Remarques de cette organisation.')),
	caseNumber: clearable(text(50)),
	familySituation: clearable(z.enum(FAMILY_SITUATIONS)),
	numberOfChildren: clearable(z.number().int().min(0).max(30)),
	notifyBySms: z.boolean().optional().describe('true par défaut.'),
	notifyByEmail: z.boolean().optional().describe('true par défaut.')
};

export const CreateUsagerBodySchema = component(
	'CreateUsagerBody',
	z
		.object({
			...fields,
			confirm: z
				.boolean()
				.optional()
				.describe('true : créer malgré les doublons possibles signalés par une réponse 409 needs_confirmation.')
		})
		.strict()
		.describe('Nouvel usager de l’organisation.')
);

export const UpdateUsagerBodySchema = component(
	'UpdateUsagerBody',
	z
		.object({ ...fields, firstName: fields.firstName.optional(), lastName: fields.lastName.optional() })
		.strict()
		.describe('Seuls les champs envoyés changent ; null efface un champ facultatif.')
);

export const DuplicateWarningSchema = z.object({
	reason: z.enum(['name_birth_date', 'phone', 'email']),
	message: z.string(),
	usager: UsagerSchema
});

/**
 * Creates the usager (or a relative of `responsibleId`) and returns it, or throws the API error: 409
 * needs_confirmation with the possible duplicates (details.warnings), 422 for invalid fields (e-mail taken
 * included), 409 conflict when the responsible is itself a relative.
 */
export async function createUsagerOrThrow(
	organisationId: string,
	body: z.output<typeof CreateUsagerBodySchema>,
	responsibleId?: string
): Promise<UsagerDto> {
	const { confirm, ...input } = withoutNulls(body);
	const result = await createUsager({ ...input, organisationId, responsibleId, allowDuplicates: confirm === true });
	if (result.ok) return result.usager;
	if (result.kind === 'duplicates')
		throw needsConfirmation(
			'Cet usager existe peut-être déjà : vérifiez les fiches signalées, puis renvoyez la requête avec "confirm": true pour le créer quand même.',
			result.duplicates.map(({ reason, message, usager }) => ({ reason, message, usager }))
		);
	throw invalidFields(result.errors);
}

/** The service's field errors as a 422 (or a 409 for the responsible, which is not a body field). */
export function invalidFields(errors: Record<string, string>) {
	if (errors.responsibleId) return conflict(errors.responsibleId);
	return validationFailed(
		Object.entries(errors).map(([path, message]) => ({ location: 'body' as const, path, code: 'custom', message }))
	);
}

/** Optional fields sent as null become absent: the service clears what it does not receive. */
export function withoutNulls<T extends Record<string, unknown>>(body: T): { [K in keyof T]: Exclude<T[K], null> } {
	return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)) as {
		[K in keyof T]: Exclude<T[K], null>;
	};
}
