/**
 * The demo catalogue: fictional people and places that look like a real département's social services.
 * Emails use reserved example domains; phone numbers are random valid-looking ones.
 */
import type { AgentRole, BookableBy, LocationType, MotifVisibility, TerritoryTimeZone } from '../../domain/types.ts';

export const DEMO_PASSWORD = 'Guichet-Demo-2026';

export type ServiceKey = 'pmi' | 'social' | 'secretariat' | 'insertion';

export const SERVICES: Record<ServiceKey, { name: string; shortName: string; isSecretariat?: boolean }> = {
	pmi: { name: 'PMI', shortName: 'PMI' },
	social: { name: 'Service social', shortName: 'Social' },
	secretariat: { name: 'Secrétariat', shortName: 'Accueil', isSecretariat: true },
	insertion: { name: 'Insertion', shortName: 'Insertion' }
};

export interface LieuSeed {
	key: string;
	name: string;
	address: string;
	phone?: string;
	coordinates?: { latitude: number; longitude: number };
	availability?: 'enabled' | 'disabled' | 'single_use';
}

export interface MotifSeed {
	key: string;
	name: string;
	service: ServiceKey;
	color: string;
	durationMinutes: number;
	locationType: LocationType;
	bookableBy: BookableBy;
	collective?: boolean;
	followUp?: boolean;
	visibility?: MotifVisibility;
	rdvsCancellableByUser?: boolean;
	minBookingDelayMinutes?: number;
	maxBookingDelayMinutes?: number;
	instructionsBeforeBooking?: string;
	instructionsAfterBooking?: string;
	customCancelWarning?: string;
}

export interface OrganisationSeed {
	key: string;
	name: string;
	phone: string;
	email: string;
	website?: string;
	openingHoursText: string;
	/** Towns usagers of this organisation live in: [postcode, city, streets…]. */
	towns: [string, string, ...string[]][];
	usagers: { adults: number; children: number };
	lieux: LieuSeed[];
	motifs: MotifSeed[];
}

export interface AgentSeed {
	key: string;
	email?: string;
	firstName: string;
	lastName: string;
	services: ServiceKey[];
	roles: [orgKey: string, level: AgentRole][];
	territorialAdmin?: boolean;
}

/** Weekly (or every N weeks / monthly) opening hours; weeksAgo sets the first day before today. */
export interface PlageSeed {
	agent: string;
	org: string;
	title: string;
	lieu?: string;
	motifs: string[];
	weekdays: number[];
	startTime: string;
	endTime: string;
	every?: 'week' | 'month';
	interval?: number;
}

export interface AbsenceSeed {
	agent: string;
	title: string;
	/** Days from today (negative: past). */
	fromDay: number;
	toDay: number;
	startTime: string;
	endTime: string;
	/** Weekly single-day absence on this ISO weekday. */
	weekly?: number;
}

/** Sessions of a collective motif, weekly at a fixed time. */
export interface CollectiveSeed {
	agent: string;
	org: string;
	motif: string;
	lieu: string;
	weekday: number;
	startTime: string;
	title: string;
	maxParticipants: number;
}

export type PhonePrefix = [prefix: string, randomDigits: number];

export interface TerritorySeed {
	departementNumber: string;
	name: string;
	timeZone: TerritoryTimeZone;
	smsSenderName: string;
	/** E.164 prefixes and the number of random digits that complete them. */
	phones: { mobile: PhonePrefix[]; landline: PhonePrefix[] };
	lastNames: string[];
	organisations: OrganisationSeed[];
	agents: AgentSeed[];
	plages: PlageSeed[];
	absences: AbsenceSeed[];
	collectives: CollectiveSeed[];
}

const INSTRUCTIONS_PMI =
	'Pensez à apporter le carnet de santé de l’enfant et sa carte Vitale (ou celle de ses parents).';
const BEFORE_ACCUEIL =
	'Ce premier rendez-vous permet de faire le point sur votre situation. Munissez-vous d’une pièce d’identité et, si possible, de vos derniers justificatifs de ressources.';

const MOTIFS_ARRAS: MotifSeed[] = [
	{
		key: 'pmi_consult',
		name: 'Consultation PMI nourrisson',
		service: 'pmi',
		color: '#e18b76',
		durationMinutes: 30,
		locationType: 'public_office',
		bookableBy: 'everyone',
		instructionsAfterBooking: INSTRUCTIONS_PMI
	},
	{
		key: 'pmi_sagefemme',
		name: 'Consultation sage-femme',
		service: 'pmi',
		color: '#a94645',
		durationMinutes: 45,
		locationType: 'public_office',
		bookableBy: 'everyone',
		minBookingDelayMinutes: 24 * 60,
		instructionsAfterBooking: 'Apportez vos derniers résultats d’examens et votre carte Vitale.'
	},
	{
		key: 'pmi_vad',
		name: 'Visite à domicile puéricultrice',
		service: 'pmi',
		color: '#ce614a',
		durationMinutes: 60,
		locationType: 'home',
		bookableBy: 'agents'
	},
	{
		key: 'pmi_atelier',
		name: 'Atelier massage bébé',
		service: 'pmi',
		color: '#ffca00',
		durationMinutes: 90,
		locationType: 'public_office',
		bookableBy: 'everyone',
		collective: true,
		instructionsBeforeBooking: 'L’atelier est ouvert aux parents d’enfants de 1 à 6 mois. Prévoyez une serviette.'
	},
	{
		key: 'social_accueil',
		name: 'Premier accueil social',
		service: 'social',
		color: '#000091',
		durationMinutes: 30,
		locationType: 'public_office',
		bookableBy: 'everyone',
		instructionsBeforeBooking: BEFORE_ACCUEIL,
		customCancelWarning: 'Si vous annulez, pensez à reprendre rendez-vous : votre dossier reste en attente.'
	},
	{
		key: 'social_tel',
		name: 'Entretien téléphonique',
		service: 'social',
		color: '#6a6af4',
		durationMinutes: 20,
		locationType: 'phone',
		bookableBy: 'agents_and_prescripteurs'
	},
	{
		key: 'social_visio',
		name: 'Entretien en visioconférence',
		service: 'social',
		color: '#009081',
		durationMinutes: 30,
		locationType: 'visio',
		bookableBy: 'agents_and_prescripteurs_and_invited_users',
		instructionsAfterBooking: 'Le lien de connexion vous sera envoyé la veille du rendez-vous.'
	},
	{
		key: 'social_suivi',
		name: 'Suivi d’accompagnement',
		service: 'social',
		color: '#3558a2',
		durationMinutes: 45,
		locationType: 'public_office',
		bookableBy: 'agents',
		followUp: true
	},
	{
		key: 'social_ip',
		name: 'Évaluation d’une information préoccupante',
		service: 'social',
		color: '#3a3a3a',
		durationMinutes: 60,
		locationType: 'home',
		bookableBy: 'agents',
		visibility: 'invisible'
	},
	{
		key: 'social_budget',
		name: 'Accompagnement budgétaire',
		service: 'social',
		color: '#18753c',
		durationMinutes: 45,
		locationType: 'public_office',
		bookableBy: 'everyone',
		visibility: 'visible_and_not_notified',
		rdvsCancellableByUser: false
	}
];

/** A motif of MDS Arras that another organisation offers too, with its own changes. */
function arrasMotif(key: string, changes: Partial<MotifSeed> = {}): MotifSeed {
	const motif = MOTIFS_ARRAS.find((m) => m.key === key);
	if (!motif) throw new Error(`No demo motif ${key} in Arras`);
	return { ...motif, ...changes };
}

const MOTIFS_LENS: MotifSeed[] = [
	...MOTIFS_ARRAS.filter((m) => m.key === 'social_accueil' || m.key === 'social_tel'),
	{
		key: 'insertion_rsa',
		name: 'Entretien d’orientation RSA',
		service: 'insertion',
		color: '#b34000',
		durationMinutes: 45,
		locationType: 'public_office',
		bookableBy: 'everyone',
		instructionsAfterBooking: 'Apportez votre notification de droit au RSA et un CV si vous en avez un.'
	}
];

const MOTIFS_BETHUNE: MotifSeed[] = [
	{
		key: 'insertion_aide',
		name: 'Aide aux démarches administratives',
		service: 'insertion',
		color: '#716043',
		durationMinutes: 30,
		locationType: 'public_office',
		bookableBy: 'everyone',
		maxBookingDelayMinutes: 30 * 24 * 60
	},
	{
		key: 'insertion_domiciliation',
		name: 'Domiciliation',
		service: 'insertion',
		color: '#8585f6',
		durationMinutes: 20,
		locationType: 'public_office',
		bookableBy: 'agents'
	},
	{
		key: 'insertion_alimentaire',
		name: 'Demande d’aide alimentaire',
		service: 'insertion',
		color: '#c3992a',
		durationMinutes: 15,
		locationType: 'phone',
		bookableBy: 'agents_and_prescripteurs'
	}
];

const MOTIFS_SAINT_DENIS: MotifSeed[] = [
	{
		key: 'social_accueil',
		name: 'Accueil social',
		service: 'social',
		color: '#000091',
		durationMinutes: 30,
		locationType: 'public_office',
		bookableBy: 'everyone',
		instructionsBeforeBooking: BEFORE_ACCUEIL
	},
	// The same phone interview as in Arras, bookable online here.
	arrasMotif('social_tel', { bookableBy: 'everyone' }),
	{
		key: 'social_vad',
		name: 'Visite à domicile',
		service: 'social',
		color: '#ce614a',
		durationMinutes: 60,
		locationType: 'home',
		bookableBy: 'agents'
	},
	{
		key: 'insertion_rsa',
		name: 'Entretien RSA en visioconférence',
		service: 'insertion',
		color: '#b34000',
		durationMinutes: 30,
		locationType: 'visio',
		bookableBy: 'agents_and_prescripteurs'
	},
	{
		key: 'insertion_numerique',
		name: 'Atelier numérique',
		service: 'insertion',
		color: '#ffca00',
		durationMinutes: 120,
		locationType: 'public_office',
		bookableBy: 'everyone',
		collective: true,
		instructionsBeforeBooking:
			'Atelier en petit groupe pour apprendre à faire ses démarches en ligne. Apportez votre téléphone.'
	}
];

const LAST_NAMES_NORD = [
	'Martin',
	'Lefebvre',
	'Dubois',
	'Lemaire',
	'Caron',
	'Leroy',
	'Dupont',
	'Delattre',
	'Lecomte',
	'Dufour',
	'Vasseur',
	'Lefèvre',
	'Bernard',
	'Petit',
	'Durand',
	'Leclercq',
	'Deprez',
	'Wallet',
	'Hennebelle',
	'Bailleul',
	'Boulanger',
	'Carpentier',
	'Delcroix',
	'Fournier',
	'Gosselin',
	'Lambert',
	'Lebrun',
	'Legrand',
	'Mercier',
	'Morel',
	'Noël',
	'Pruvost',
	'Roussel',
	'Sauvage',
	'Thery',
	'Wattel',
	'Dumont',
	'Cordier',
	'Benali',
	'Haddad',
	'Kowalski',
	'Nowak',
	'Lewandowski',
	'Mendes',
	'Da Silva',
	'Ferreira',
	'Traoré',
	'Diallo',
	'Bensaïd',
	'Hamdi'
];

const LAST_NAMES_REUNION = [
	'Payet',
	'Hoarau',
	'Grondin',
	'Técher',
	'Fontaine',
	'Rivière',
	'Boyer',
	'Robert',
	'Hoareau',
	'Maillot',
	'Lebon',
	'Nativel',
	'Lauret',
	'Dijoux',
	'Turpin',
	'Sautron',
	'Baillif',
	'Damour',
	'Clain',
	'Mussard',
	'Ethève',
	'Gonthier',
	'Morel',
	'Ramassamy',
	'Ah-Hot',
	'Visnelda',
	'Ibao',
	'Moutoussamy',
	'Sinama',
	'Latchimy'
];

export const FIRST_NAMES_ADULT = [
	'Marie',
	'Nathalie',
	'Isabelle',
	'Sandrine',
	'Céline',
	'Sophie',
	'Aurélie',
	'Émilie',
	'Julie',
	'Laetitia',
	'Amandine',
	'Mélanie',
	'Sarah',
	'Camille',
	'Manon',
	'Chloé',
	'Inès',
	'Fatima',
	'Aïcha',
	'Océane',
	'Hélène',
	'Françoise',
	'Monique',
	'Brigitte',
	'Jean',
	'Pierre',
	'Michel',
	'Philippe',
	'Alain',
	'Patrick',
	'Nicolas',
	'Christophe',
	'Stéphane',
	'Sébastien',
	'Julien',
	'David',
	'Thomas',
	'Kévin',
	'Jérémy',
	'Mickaël',
	'Anthony',
	'Maxime',
	'Romain',
	'Mohamed',
	'Karim',
	'Yassine',
	'Loïc',
	'Grégory',
	'Dylan',
	'François'
];

export const FIRST_NAMES_CHILD = [
	'Léo',
	'Gabriel',
	'Raphaël',
	'Louis',
	'Arthur',
	'Jules',
	'Adam',
	'Lucas',
	'Hugo',
	'Noah',
	'Jade',
	'Louise',
	'Emma',
	'Alice',
	'Ambre',
	'Lina',
	'Rose',
	'Chloé',
	'Mia',
	'Léna',
	'Maël',
	'Nathan',
	'Timéo',
	'Inaya',
	'Lya',
	'Soan',
	'Kaïs',
	'Nolan',
	'Zoé',
	'Anna'
];

export const TERRITORIES: TerritorySeed[] = [
	{
		departementNumber: '62',
		name: 'Pas-de-Calais',
		timeZone: 'Europe/Paris',
		smsSenderName: 'PasdeCalais',
		phones: {
			mobile: [
				['+336', 8],
				['+337', 8]
			],
			landline: [['+33321', 6]]
		},
		lastNames: LAST_NAMES_NORD,
		organisations: [
			{
				key: 'arras',
				name: 'MDS Arras',
				phone: '03 21 21 62 00',
				email: 'mds-arras@demo.guichet.fr',
				website: 'https://mds-arras.example.fr',
				openingHoursText: 'Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h.',
				towns: [
					[
						'62000',
						'Arras',
						'rue Ernestale',
						'boulevard Carnot',
						'rue Saint-Aubert',
						'avenue Winston Churchill',
						'rue de Bapaume'
					],
					['62223', 'Saint-Nicolas', 'rue Émile Zola', 'rue Jean Jaurès', 'rue des Rosati'],
					['62217', 'Achicourt', 'rue Raoul Briquet', 'rue du Quarante'],
					['62000', 'Dainville', 'rue de la Chaussée Brunehaut', 'rue du Moulin']
				],
				usagers: { adults: 62, children: 28 },
				lieux: [
					{
						key: 'centre',
						name: 'MDS Arras – Centre',
						address: '8 place du Théâtre, 62000 Arras',
						phone: '03 21 21 62 00',
						coordinates: { latitude: 50.2907, longitude: 2.7794 }
					},
					{
						key: 'saint-nicolas',
						name: 'Antenne de Saint-Nicolas',
						address: '3 rue Émile Zola, 62223 Saint-Nicolas',
						coordinates: { latitude: 50.3041, longitude: 2.7768 }
					},
					{
						key: 'achicourt',
						name: 'Ancienne permanence d’Achicourt',
						address: '14 rue Raoul Briquet, 62217 Achicourt',
						availability: 'disabled'
					},
					{
						key: 'dainville',
						name: 'Salle des fêtes de Dainville',
						address: '1 place de la Mairie, 62000 Dainville',
						availability: 'single_use'
					}
				],
				motifs: MOTIFS_ARRAS
			},
			{
				key: 'lens',
				name: 'MDS Lens',
				phone: '03 21 13 62 10',
				email: 'mds-lens@demo.guichet.fr',
				openingHoursText: 'Du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h ; fermé le mercredi après-midi.',
				towns: [
					[
						'62300',
						'Lens',
						'rue de la Paix',
						'avenue Raoul Briquet',
						'rue Lamartine',
						'rue de Lille',
						'boulevard Basly'
					],
					['62210', 'Avion', 'rue Jules Guesde', 'rue Émile Basly'],
					['62800', 'Liévin', 'rue Jean-Baptiste Defernez', 'rue Thiers', 'rue de Riaumont']
				],
				usagers: { adults: 33, children: 6 },
				lieux: [
					{
						key: 'lens',
						name: 'MDS Lens',
						address: '24 rue de la Paix, 62300 Lens',
						phone: '03 21 13 62 10',
						coordinates: { latitude: 50.4318, longitude: 2.8296 }
					},
					{
						key: 'avion',
						name: 'Permanence d’Avion',
						address: '2 place des Droits de l’Homme, 62210 Avion',
						coordinates: { latitude: 50.4101, longitude: 2.8345 }
					}
				],
				motifs: MOTIFS_LENS
			},
			{
				key: 'bethune',
				name: 'CCAS de Béthune',
				phone: '03 21 64 62 62',
				email: 'ccas-bethune@demo.guichet.fr',
				website: 'https://ccas-bethune.example.fr',
				openingHoursText: 'Lundi, mardi, jeudi et vendredi de 8 h 30 à 12 h ; accueil téléphonique l’après-midi.',
				towns: [
					['62400', 'Béthune', 'rue d’Arras', 'boulevard Poincaré', 'rue Sadi Carnot', 'rue du Carillon'],
					['62700', 'Bruay-la-Buissière', 'rue Henri Cadot', 'rue Arthur Lamendin']
				],
				usagers: { adults: 30, children: 0 },
				lieux: [
					{
						key: 'bethune',
						name: 'CCAS de Béthune',
						address: '1 rue de la Délivrance, 62400 Béthune',
						phone: '03 21 64 62 62',
						coordinates: { latitude: 50.5302, longitude: 2.6408 }
					}
				],
				motifs: MOTIFS_BETHUNE
			}
		],
		agents: [
			{
				key: 'espace',
				email: 'espace@demo.guichet.fr',
				firstName: 'Claire',
				lastName: 'Vasseur',
				services: ['social'],
				roles: [['arras', 'admin']],
				territorialAdmin: true
			},
			{
				key: 'admin',
				email: 'admin@demo.guichet.fr',
				firstName: 'Julien',
				lastName: 'Lefebvre',
				services: ['social'],
				roles: [['arras', 'admin']]
			},
			{
				key: 'agent',
				email: 'agent@demo.guichet.fr',
				firstName: 'Sophie',
				lastName: 'Delattre',
				services: ['pmi'],
				roles: [['arras', 'basic']]
			},
			{
				key: 'secretariat',
				email: 'secretariat@demo.guichet.fr',
				firstName: 'Nadia',
				lastName: 'Benali',
				services: ['secretariat'],
				roles: [['arras', 'basic']]
			},
			{
				key: 'sagefemme',
				email: 'sage-femme@demo.guichet.fr',
				firstName: 'Marion',
				lastName: 'Caron',
				services: ['pmi'],
				roles: [['arras', 'basic']]
			},
			{
				key: 'intervenant',
				firstName: 'Thomas',
				lastName: 'Lemaire',
				services: ['pmi'],
				roles: [['arras', 'intervenant']]
			},
			{
				key: 'lens',
				email: 'agent.lens@demo.guichet.fr',
				firstName: 'Karim',
				lastName: 'Haddad',
				services: ['social'],
				roles: [['lens', 'basic']]
			},
			{
				key: 'adminLens',
				email: 'admin.lens@demo.guichet.fr',
				firstName: 'Isabelle',
				lastName: 'Dufour',
				services: ['social'],
				roles: [['lens', 'admin']]
			},
			{
				key: 'insertion',
				email: 'insertion@demo.guichet.fr',
				firstName: 'Pauline',
				lastName: 'Mercier',
				services: ['insertion'],
				roles: [
					['lens', 'basic'],
					['bethune', 'basic']
				]
			},
			{
				key: 'adminBethune',
				email: 'admin.bethune@demo.guichet.fr',
				firstName: 'Olivier',
				lastName: 'Dumont',
				services: ['insertion'],
				roles: [['bethune', 'admin']]
			}
		],
		plages: [
			{
				agent: 'agent',
				org: 'arras',
				title: 'Consultations nourrissons',
				lieu: 'centre',
				motifs: ['pmi_consult'],
				weekdays: [1, 2, 4],
				startTime: '09:00',
				endTime: '12:00'
			},
			{
				agent: 'agent',
				org: 'arras',
				title: 'Visites à domicile',
				motifs: ['pmi_vad'],
				weekdays: [2],
				startTime: '14:00',
				endTime: '17:00'
			},
			{
				agent: 'sagefemme',
				org: 'arras',
				title: 'Consultations sage-femme',
				lieu: 'centre',
				motifs: ['pmi_sagefemme'],
				weekdays: [3, 5],
				startTime: '09:00',
				endTime: '12:45'
			},
			{
				agent: 'sagefemme',
				org: 'arras',
				title: 'Permanence Saint-Nicolas (une semaine sur deux)',
				lieu: 'saint-nicolas',
				motifs: ['pmi_sagefemme', 'pmi_consult'],
				weekdays: [1],
				startTime: '14:00',
				endTime: '17:00',
				interval: 2
			},
			{
				agent: 'intervenant',
				org: 'arras',
				title: 'Consultations Saint-Nicolas',
				lieu: 'saint-nicolas',
				motifs: ['pmi_consult'],
				weekdays: [4],
				startTime: '13:30',
				endTime: '16:30'
			},
			{
				agent: 'admin',
				org: 'arras',
				title: 'Accueil social',
				lieu: 'centre',
				motifs: ['social_accueil', 'social_suivi'],
				weekdays: [1, 3],
				startTime: '09:00',
				endTime: '12:00'
			},
			{
				agent: 'admin',
				org: 'arras',
				title: 'Entretiens à distance',
				motifs: ['social_tel', 'social_visio'],
				weekdays: [4],
				startTime: '13:30',
				endTime: '17:00'
			},
			{
				agent: 'espace',
				org: 'arras',
				title: 'Accompagnement budgétaire (mensuel)',
				lieu: 'centre',
				motifs: ['social_budget'],
				weekdays: [2],
				startTime: '09:00',
				endTime: '12:00',
				every: 'month'
			},
			{
				agent: 'espace',
				org: 'arras',
				title: 'Évaluations à domicile',
				motifs: ['social_ip'],
				weekdays: [5],
				startTime: '14:00',
				endTime: '16:00'
			},
			{
				agent: 'lens',
				org: 'lens',
				title: 'Accueil social',
				lieu: 'lens',
				motifs: ['social_accueil'],
				weekdays: [1, 2, 4],
				startTime: '09:00',
				endTime: '12:00'
			},
			{
				agent: 'lens',
				org: 'lens',
				title: 'Entretiens téléphoniques',
				motifs: ['social_tel'],
				weekdays: [2, 5],
				startTime: '14:00',
				endTime: '16:40'
			},
			{
				agent: 'adminLens',
				org: 'lens',
				title: 'Permanence d’Avion',
				lieu: 'avion',
				motifs: ['social_accueil'],
				weekdays: [3],
				startTime: '09:00',
				endTime: '12:00'
			},
			{
				agent: 'insertion',
				org: 'lens',
				title: 'Orientation RSA',
				lieu: 'lens',
				motifs: ['insertion_rsa'],
				weekdays: [1, 3],
				startTime: '14:00',
				endTime: '17:00'
			},
			{
				agent: 'insertion',
				org: 'bethune',
				title: 'Accompagnement administratif',
				lieu: 'bethune',
				motifs: ['insertion_aide', 'insertion_domiciliation'],
				weekdays: [2, 4],
				startTime: '08:30',
				endTime: '12:00'
			},
			{
				agent: 'adminBethune',
				org: 'bethune',
				title: 'Accueil du vendredi',
				lieu: 'bethune',
				motifs: ['insertion_aide', 'insertion_alimentaire'],
				weekdays: [5],
				startTime: '08:30',
				endTime: '12:00'
			}
		],
		absences: [
			{ agent: 'agent', title: 'Congés', fromDay: 10, toDay: 14, startTime: '08:00', endTime: '19:00' },
			{
				agent: 'admin',
				title: 'Réunion d’équipe',
				fromDay: -56,
				toDay: -56,
				startTime: '13:30',
				endTime: '14:30',
				weekly: 4
			},
			{ agent: 'lens', title: 'Formation', fromDay: -12, toDay: -12, startTime: '08:30', endTime: '17:30' },
			{ agent: 'insertion', title: 'Rendez-vous médical', fromDay: 3, toDay: 3, startTime: '08:00', endTime: '10:00' }
		],
		collectives: [
			{
				agent: 'agent',
				org: 'arras',
				motif: 'pmi_atelier',
				lieu: 'centre',
				weekday: 3,
				startTime: '14:00',
				title: 'Atelier massage bébé',
				maxParticipants: 8
			}
		]
	},
	{
		departementNumber: '974',
		name: 'La Réunion',
		timeZone: 'Indian/Reunion',
		smsSenderName: 'Reunion',
		phones: {
			mobile: [
				['+262692', 6],
				['+262693', 6]
			],
			landline: [['+262262', 6]]
		},
		lastNames: LAST_NAMES_REUNION,
		organisations: [
			{
				key: 'saint-denis',
				name: 'CCAS de Saint-Denis',
				phone: '02 62 40 97 40',
				email: 'ccas-saint-denis@demo.guichet.fr',
				openingHoursText: 'Du lundi au vendredi, de 7 h 45 à 12 h et de 13 h à 16 h.',
				towns: [
					['97400', 'Saint-Denis', 'rue de Paris', 'rue Jean Chatel', 'boulevard Lancastel', 'rue Juliette Dodu'],
					['97490', 'Sainte-Clotilde', 'avenue Jacques Prévert', 'chemin du Chaudron'],
					['97438', 'Sainte-Marie', 'rue Georges Pompidou', 'chemin Lagourgue']
				],
				usagers: { adults: 35, children: 6 },
				lieux: [
					{
						key: 'central',
						name: 'CCAS – Accueil central',
						address: '2 rue de Paris, 97400 Saint-Denis',
						phone: '02 62 40 97 40',
						coordinates: { latitude: -20.8789, longitude: 55.4481 }
					},
					{
						key: 'chaudron',
						name: 'Mairie annexe du Chaudron',
						address: '10 avenue Jacques Prévert, 97490 Sainte-Clotilde',
						coordinates: { latitude: -20.8963, longitude: 55.4932 }
					}
				],
				motifs: MOTIFS_SAINT_DENIS
			}
		],
		agents: [
			{
				key: 'adminReunion',
				email: 'admin.reunion@demo.guichet.fr',
				firstName: 'Laetitia',
				lastName: 'Payet',
				services: ['social'],
				roles: [['saint-denis', 'admin']],
				territorialAdmin: true
			},
			{
				key: 'agentReunion',
				email: 'agent.reunion@demo.guichet.fr',
				firstName: 'Johan',
				lastName: 'Hoarau',
				services: ['social', 'insertion'],
				roles: [['saint-denis', 'basic']]
			}
		],
		plages: [
			{
				agent: 'adminReunion',
				org: 'saint-denis',
				title: 'Accueil social',
				lieu: 'central',
				motifs: ['social_accueil', 'social_tel'],
				weekdays: [1, 4],
				startTime: '08:00',
				endTime: '12:00'
			},
			{
				agent: 'agentReunion',
				org: 'saint-denis',
				title: 'Accueil social',
				lieu: 'central',
				motifs: ['social_accueil'],
				weekdays: [2, 3, 5],
				startTime: '08:00',
				endTime: '11:30'
			},
			{
				agent: 'agentReunion',
				org: 'saint-denis',
				title: 'Visites à domicile',
				motifs: ['social_vad'],
				weekdays: [3],
				startTime: '13:00',
				endTime: '16:00'
			},
			{
				agent: 'agentReunion',
				org: 'saint-denis',
				title: 'Entretiens RSA (une semaine sur deux)',
				motifs: ['insertion_rsa'],
				weekdays: [5],
				startTime: '13:00',
				endTime: '15:00',
				interval: 2
			}
		],
		absences: [{ agent: 'agentReunion', title: 'Congés', fromDay: 4, toDay: 6, startTime: '07:00', endTime: '18:00' }],
		collectives: [
			{
				agent: 'agentReunion',
				org: 'saint-denis',
				motif: 'insertion_numerique',
				lieu: 'chaudron',
				weekday: 1,
				startTime: '13:30',
				title: 'Atelier numérique : mes démarches en ligne',
				maxParticipants: 10
			}
		]
	}
];
