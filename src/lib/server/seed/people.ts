/** Fictional usagers for the demo: adults, some with children as relatives, spread over the organisations. */
import { Types } from 'mongoose';
import { Temporal } from 'temporal-polyfill';
import { addDays } from '../../domain/local-time.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { normalizeText } from '../../domain/text-keys.ts';
import { FIRST_NAMES_ADULT, FIRST_NAMES_CHILD, type PhonePrefix, type TerritorySeed } from './data.ts';
import type { Random } from './random.ts';

const PROFILE_NOTES = [
	'Préfère être contactée par SMS.',
	'Dossier FSL en cours.',
	'Orientée par le CCAS.',
	'Accompagnement vers l’emploi démarré.',
	'Besoin d’un interprète (arabe).',
	'Suivi par l’assistante sociale du collège.'
];

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

export interface SeedUsager {
	_id: Types.ObjectId;
	firstName: string;
	lastName: string;
	birthDate: string;
	email?: string;
	phone?: string;
	address?: { street: string; postcode: string; city: string };
	notifyBySms: boolean;
	notifyByEmail: boolean;
	responsibleId?: Types.ObjectId;
	profiles: { organisationId: Types.ObjectId; notes?: string; referentAgentIds: Types.ObjectId[] }[];
}

/** Usagers of one organisation, by kind, for picking RDV participants. */
export interface UsagerPool {
	adults: SeedUsager[];
	children: SeedUsager[];
	/** Adults followed by a referent, by agent id. */
	byReferent: Map<string, SeedUsager[]>;
}

function randomDay(rng: Random, from: string, to: string): string {
	const start = Temporal.PlainDate.from(from);
	return start.add({ days: rng.int(0, start.until(to).days) }).toString();
}

/** A random number that libphonenumber accepts as the wanted kind (not every random tail is allocated). */
function randomPhone(rng: Random, prefixes: PhonePrefix[], mobile: boolean): string {
	for (let attempt = 0; attempt < 1000; attempt++) {
		const [prefix, digits] = rng.pick(prefixes);
		let n = prefix;
		for (let i = 0; i < digits; i++) n += String(rng.int(0, 9));
		const parsed = normalizePhone(n);
		if (parsed && parsed.isMobile === mobile) return parsed.e164;
	}
	throw new Error(`No valid ${mobile ? 'mobile' : 'landline'} number from ${prefixes.join(', ')}.`);
}

export function buildUsagers(
	rng: Random,
	territory: TerritorySeed,
	orgIds: Map<string, Types.ObjectId>,
	/** Referent agent per organisation key (follow-up motifs). */
	referents: Map<string, Types.ObjectId>,
	today: string,
	counter: { next: number }
): { adults: SeedUsager[]; children: SeedUsager[]; pools: Map<string, UsagerPool> } {
	const adults: SeedUsager[] = [];
	const children: SeedUsager[] = [];
	const pools = new Map<string, UsagerPool>();

	for (const org of territory.organisations) {
		const organisationId = orgIds.get(org.key) as Types.ObjectId;
		const pool: UsagerPool = { adults: [], children: [], byReferent: new Map() };
		pools.set(org.key, pool);
		const referent = referents.get(org.key);

		for (let i = 0; i < org.usagers.adults; i++) {
			const firstName = rng.pick(FIRST_NAMES_ADULT);
			const lastName = rng.pick(territory.lastNames);
			const [postcode, city, ...streets] = rng.pick(org.towns);
			const n = counter.next++;
			const hasPhone = rng.chance(0.85);
			const u: SeedUsager = {
				_id: new Types.ObjectId(),
				firstName,
				lastName,
				birthDate: randomDay(rng, '1948-01-01', addDays(today, -18 * 366)),
				email: rng.chance(0.65)
					? `${normalizeText(firstName).replace(/ /g, '-')}.${normalizeText(lastName).replace(/ /g, '-')}.${n}@${rng.pick(EMAIL_DOMAINS)}`
					: undefined,
				phone: hasPhone
					? rng.chance(0.8)
						? randomPhone(rng, territory.phones.mobile, true)
						: randomPhone(rng, territory.phones.landline, false)
					: undefined,
				address: rng.chance(0.85) ? { street: `${rng.int(1, 140)} ${rng.pick(streets)}`, postcode, city } : undefined,
				notifyBySms: rng.chance(0.9),
				notifyByEmail: rng.chance(0.95),
				profiles: [
					{
						organisationId,
						notes: rng.chance(0.12) ? rng.pick(PROFILE_NOTES) : undefined,
						referentAgentIds: []
					}
				]
			};
			if (referent && rng.chance(0.2)) {
				u.profiles[0].referentAgentIds.push(referent);
				const list = pool.byReferent.get(String(referent)) ?? [];
				list.push(u);
				pool.byReferent.set(String(referent), list);
			}
			adults.push(u);
			pool.adults.push(u);
		}

		for (let i = 0; i < org.usagers.children; i++) {
			const parent = rng.pick(pool.adults);
			const child: SeedUsager = {
				_id: new Types.ObjectId(),
				firstName: rng.pick(FIRST_NAMES_CHILD),
				lastName: parent.lastName,
				birthDate: randomDay(rng, addDays(today, -6 * 365), addDays(today, -20)),
				address: parent.address,
				notifyBySms: true,
				notifyByEmail: true,
				responsibleId: parent._id,
				profiles: [{ organisationId, referentAgentIds: [] }]
			};
			children.push(child);
			pool.children.push(child);
		}
	}

	// Some people are known to two organisations of the territory (one record, two profiles).
	const orgKeys = territory.organisations.map((o) => o.key);
	for (let i = 1; i < orgKeys.length; i++) {
		const from = pools.get(orgKeys[i - 1]) as UsagerPool;
		const to = pools.get(orgKeys[i]) as UsagerPool;
		for (const u of rng.sample(from.adults, 6)) {
			u.profiles.push({ organisationId: orgIds.get(orgKeys[i]) as Types.ObjectId, referentAgentIds: [] });
			to.adults.push(u);
		}
	}
	return { adults, children, pools };
}

export function addressLine(u: SeedUsager | undefined): string | undefined {
	return u?.address ? `${u.address.street}, ${u.address.postcode} ${u.address.city}` : undefined;
}
