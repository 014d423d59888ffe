/**
 * The back-office side menu of one organisation. Every entry of the product is listed here; `available` says
 * whether its page exists yet ("a menu entry appears only once its page works"): a later issue that ships a
 * page flips its flag. Entries restricted to admins or territorial admins are dropped for everyone else.
 */
export interface AgentMenuEntry {
	/** Path segment after /agents/org/<orgId>/ (also the key used to mark the current page). */
	section: string;
	label: string;
	href: string;
}

export interface AgentMenuItem {
	section: string;
	label: string;
	available: boolean;
	audience: 'members' | 'admins' | 'supervisors' | 'territorial-admins';
}

export const AGENT_MENU_ITEMS: readonly AgentMenuItem[] = [
	{ section: 'agenda', label: 'Agenda', available: true, audience: 'members' },
	{ section: 'aujourdhui', label: 'Aujourd’hui', available: true, audience: 'supervisors' },
	{ section: 'trouver-un-rdv', label: 'Trouver un RDV', available: true, audience: 'members' },
	{ section: 'rdvs', label: 'RDV', available: true, audience: 'members' },
	{ section: 'seances', label: 'Séances collectives', available: true, audience: 'members' },
	{ section: 'usagers', label: 'Usagers', available: true, audience: 'members' },
	{ section: 'plages', label: 'Plages d’ouverture', available: true, audience: 'members' },
	{ section: 'indisponibilites', label: 'Indisponibilités', available: true, audience: 'members' },
	{ section: 'statistiques', label: 'Statistiques', available: false, audience: 'members' },
	{ section: 'configuration', label: 'Configuration', available: true, audience: 'admins' },
	{ section: 'espace', label: 'Espace', available: false, audience: 'territorial-admins' }
];

export interface MenuViewer {
	/** Admin of this organisation (canAdminOrganisation). */
	isAdmin: boolean;
	/** Territorial admin of this organisation's territory (isTerritorialAdmin). */
	isTerritorialAdmin: boolean;
	/** May open the live board (canSuperviseOrganisation: admins, secrétariat, territorial admins). */
	canSupervise?: boolean;
}

export function buildAgentMenu(
	organisationId: string,
	viewer: MenuViewer,
	items: readonly AgentMenuItem[] = AGENT_MENU_ITEMS
): AgentMenuEntry[] {
	return items
		.filter(
			(item) =>
				item.available &&
				(item.audience === 'members' ||
					(item.audience === 'admins' && viewer.isAdmin) ||
					(item.audience === 'supervisors' && (viewer.canSupervise ?? (viewer.isAdmin || viewer.isTerritorialAdmin))) ||
					(item.audience === 'territorial-admins' && viewer.isTerritorialAdmin))
		)
		.map(({ section, label }) => ({ section, label, href: `/agents/org/${organisationId}/${section}` }));
}

/**
 * Where the organisation switcher leads: the same section in the other organisation. Deeper paths (an RDV, a
 * usager…) belong to one organisation, so only the section is kept.
 */
export function sameSectionIn(pathname: string, organisationId: string): string {
	const match = /^\/agents\/org\/[^/]+\/([^/]+)/.exec(pathname);
	return `/agents/org/${organisationId}/${match?.[1] ?? 'agenda'}`;
}
