import { apiHandler } from '$lib/server/api/handler';
import { MeSchema } from '$lib/server/api/schemas';

export const GET = apiHandler(
	{
		operationId: 'getMe',
		summary: 'Agent courant',
		description: 'L’agent au nom duquel agit le jeton : identité, rôles par organisation, services.',
		tags: ['Agents'],
		response: MeSchema
	},
	({ agent }) => ({
		id: agent.id,
		firstName: agent.firstName,
		lastName: agent.lastName,
		email: agent.email ?? null,
		roles: agent.roles,
		serviceIds: agent.serviceIds,
		secretariat: agent.secretariat,
		territorialRoles: agent.territorialRoles
	})
);
