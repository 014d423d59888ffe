/**
 * What the home page says Guichet does for agents: only what works today. Each capability names the back-office
 * section where it works, and the spec checks that this section's page exists (`available` in the agent menu):
 * when notifications, online booking or the live planning land, add their line here with their section, never
 * before. The usagers' part lists only the public pages that exist, each tied to its address.
 */
import { AGENT_MENU_ITEMS } from './agent-menu.ts';

export interface Capability {
	/** One sentence, in French, starting with a capital and ending with a full stop. */
	text: string;
	/** The agent menu section where it works, or 'api' for the REST API (its documentation page). */
	section: (typeof AGENT_MENU_ITEMS)[number]['section'] | 'api';
}

export const AGENT_CAPABILITIES: readonly Capability[] = [
	{
		text: 'Consulter son agenda et ceux de ses collègues côte à côte, avec les plages d’ouverture et les absences ; sélectionner un horaire pour y créer un rendez-vous, glisser un rendez-vous pour en changer l’horaire.',
		section: 'agenda'
	},
	{
		text: 'Ouvrir chaque rendez-vous : participants, historique des changements, statut (honoré, absent…), modification ; retrouver ceux qui restent à renseigner et imprimer la liste du jour.',
		section: 'rdvs'
	},
	{
		text: 'Organiser des séances collectives : places restantes, participants, duplication à une autre date.',
		section: 'seances'
	},
	{
		text: 'Publier ses plages d’ouverture, répétées chaque semaine ou chaque mois, et en modifier ou annuler une occurrence.',
		section: 'plages'
	},
	{
		text: 'Déclarer ses indisponibilités (congés, formations) et voir les rendez-vous qu’elles chevauchent.',
		section: 'indisponibilites'
	},
	{
		text: 'Trouver les créneaux libres de tous les agents pour un motif, lieu par lieu, et y créer le rendez-vous : deux agents ne peuvent pas réserver le même créneau.',
		section: 'trouver-un-rdv'
	},
	{
		text: 'Tenir la fiche des usagers de l’organisation : recherche par nom, téléphone ou date de naissance, proches, agents référents et rendez-vous, avec une alerte avant de créer un doublon.',
		section: 'usagers'
	},
	{ text: 'Pour les administrateurs : configurer les lieux et les motifs de rendez-vous.', section: 'configuration' },
	{ text: 'Relier ses logiciels à Guichet par une API documentée, avec des jetons personnels.', section: 'api' }
];

/** What an usager can do on the site without an agent, each tied to the public page that does it. */
export interface UsagerCapability {
	text: string;
	/** The page where it works (a path of the booking funnel or the usager's pages). */
	path: string;
}

export const USAGER_CAPABILITIES: readonly UsagerCapability[] = [
	{
		text: 'Trouver les rendez-vous ouverts en ligne près de chez vous, par adresse ou par département, puis le lieu et les horaires libres de la semaine.',
		path: '/prendre-rdv'
	},
	{
		text: 'Réserver sans mot de passe, avec un code reçu par e-mail, pour vous-même ou pour un proche.',
		path: '/usager/connexion'
	},
	{
		text: 'Retrouver vos rendez-vous et ceux de vos proches, et les déplacer ou les annuler en ligne quand le service le permet.',
		path: '/mon-espace'
	},
	{
		text: 'Travailleurs sociaux : prendre rendez-vous pour une personne que vous accompagnez, sans compte.',
		path: '/prendre-rdv'
	}
];
