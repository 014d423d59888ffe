/**
 * Shared schemas of the /api/v1 resources. Each resource schema is a named OpenAPI component; descriptions are
 * in French, like the documentation page that renders them.
 */
import { z } from 'zod';
import { AGENT_ROLES, TERRITORY_TIME_ZONES } from '../../domain/types.ts';
import { component } from './openapi.ts';

export const ObjectIdSchema = z
	.string()
	.regex(/^[0-9a-f]{24}$/, 'Identifiant invalide : 24 caractères hexadécimaux attendus')
	.describe('Identifiant (24 caractères hexadécimaux).');

export const OrganisationRoleSchema = component(
	'OrganisationRole',
	z
		.object({
			organisationId: ObjectIdSchema,
			level: z.enum(AGENT_ROLES).describe('basic : agent ; admin : administrateur de l’organisation ; intervenant.')
		})
		.describe('Rôle de l’agent dans une organisation.')
);

export const TerritorialRoleSchema = component(
	'TerritorialRole',
	z
		.object({
			territoryId: ObjectIdSchema,
			manageTeams: z.boolean().describe('Peut gérer les équipes du territoire.'),
			manageAccessRights: z.boolean().describe('Peut gérer les droits d’accès, y compris les services des agents.'),
			inviteAgents: z.boolean().describe('Peut inviter des agents.')
		})
		.describe('Administrateur de territoire (« admin d’espace »).')
);

export const MeSchema = component(
	'Me',
	z
		.object({
			id: ObjectIdSchema,
			firstName: z.string(),
			lastName: z.string(),
			email: z.string().nullable().describe('Adresse e-mail de connexion.'),
			roles: z.array(OrganisationRoleSchema),
			serviceIds: z.array(ObjectIdSchema).describe('Services de l’agent.'),
			secretariat: z.boolean().describe('Membre du secrétariat : voit tous les agendas de ses organisations.'),
			territorialRoles: z.array(TerritorialRoleSchema)
		})
		.describe('L’agent authentifié par le jeton.')
);

export const OrganisationSchema = component(
	'Organisation',
	z
		.object({
			id: ObjectIdSchema,
			name: z.string(),
			territoryId: ObjectIdSchema,
			departementNumber: z.string().describe('Numéro du département (territoire), par exemple « 62 » ou « 974 ».'),
			timeZone: z
				.enum(TERRITORY_TIME_ZONES)
				.describe('Fuseau horaire du territoire : toutes les heures locales de l’organisation.'),
			phone: z.string().optional(),
			email: z.string().optional(),
			website: z.string().optional(),
			openingHoursText: z.string().optional().describe('Horaires d’ouverture, en texte libre.'),
			bookingUrl: z.string().describe('Lien public de prise de rendez-vous en ligne.'),
			role: z
				.enum(['basic', 'admin'])
				.nullable()
				.describe('Rôle de l’agent dans l’organisation ; null pour un administrateur de territoire sans rôle.')
		})
		.describe('Organisation (MDS, CCAS, mairie…) à laquelle l’agent a accès.')
);

export const OrganisationListSchema = component(
	'OrganisationList',
	z.object({ data: z.array(OrganisationSchema) }).describe('Organisations accessibles, triées par nom.')
);
