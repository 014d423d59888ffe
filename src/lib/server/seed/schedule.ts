/**
 * Demo planning: weekly plages, absences, and RDVs placed inside plage occurrences over the past and coming
 * four weeks, never overlapping for an agent (nor an absence), in every status.
 */
import { Types } from 'mongoose';
import { claimBuckets } from '../../domain/calendar-keys.ts';
import { addDays, daysBetween, isoWeekday, minutesOfDay, toInstant } from '../../domain/local-time.ts';
import { holidayOn } from '../../domain/holidays.ts';
import { expandDays, type Recurrence } from '../../domain/recurrence.ts';
import type { RdvCreator, RdvStatus } from '../../domain/types.ts';
import type { MotifSeed, TerritorySeed } from './data.ts';
import { FIRST_NAMES_ADULT } from './data.ts';
import { addressLine, type SeedUsager, type UsagerPool } from './people.ts';
import type { Random } from './random.ts';

const WINDOW_DAYS = 28;
/** Plages started eight weeks ago, so that the past four weeks are inside them. */
const PLAGE_START_DAYS = 56;
const MINUTE = 60_000;

const CONTEXTS = [
	'Demande de RSA à compléter.',
	'Suite à l’appel de la mission locale.',
	'Venir avec les factures d’énergie.',
	'Premier contact, situation à évaluer.',
	'Relance pour le dossier de logement.',
	'Point sur la reprise d’activité.'
];

export interface SeedRefs {
	territoryTimeZone: string;
	orgIds: Map<string, Types.ObjectId>;
	agentIds: Map<string, Types.ObjectId>;
	/** `${orgKey}:${lieuKey}` */
	lieuIds: Map<string, Types.ObjectId>;
	/** `${orgKey}:${motifKey}` */
	motifs: Map<string, { id: Types.ObjectId; serviceId: Types.ObjectId; seed: MotifSeed }>;
	pools: Map<string, UsagerPool>;
	/** Agents who may take bookings on behalf of others (secrétariat), per organisation key. */
	secretariat: Map<string, Types.ObjectId>;
}

type Doc = Record<string, unknown>;

const PAST_STATUS = { seen: 62, noshow: 8, excused: 10, revoked: 5, unknown: 15 } as const;
const FUTURE_STATUS = { unknown: 90, excused: 6, revoked: 4 } as const;

/** First day on or after `from` that falls on one of the weekdays. */
function firstOnWeekday(from: string, weekdays: number[]): string {
	for (let i = 0; i < 7; i++) {
		const day = addDays(from, i);
		if (weekdays.includes(isoWeekday(day))) return day;
	}
	return from;
}

function hhmm(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function buildSchedule(rng: Random, territory: TerritorySeed, refs: SeedRefs, now: Date, today: string) {
	const tz = refs.territoryTimeZone;
	const windowFrom = addDays(today, -WINDOW_DAYS);
	const windowTo = addDays(today, WINDOW_DAYS);
	const busy = new Map<string, Set<number>>();
	const isFree = (agentIds: Types.ObjectId[], s: Date, e: Date) =>
		agentIds.every((a) => claimBuckets(s, e).every((b) => !busy.get(String(a))?.has(b.getTime())));
	const occupy = (agentIds: Types.ObjectId[], s: Date, e: Date) => {
		for (const a of agentIds) {
			const set = busy.get(String(a)) ?? new Set<number>();
			for (const b of claimBuckets(s, e)) set.add(b.getTime());
			busy.set(String(a), set);
		}
	};
	const agent = (key: string) => refs.agentIds.get(key) as Types.ObjectId;

	// Absences first: their time is busy for the RDV generator.
	const absences: Doc[] = territory.absences.map((a) => {
		const agentId = agent(a.agent);
		let firstDay = addDays(today, a.fromDay);
		let recurrence: Recurrence | undefined;
		if (a.weekly) {
			firstDay = firstOnWeekday(firstDay, [a.weekly]);
			recurrence = { every: 'week', interval: 1, weekdays: [a.weekly] };
			for (const day of expandDays(firstDay, recurrence, windowFrom, addDays(windowTo, 1)))
				occupy([agentId], toInstant(day, a.startTime, tz), toInstant(day, a.endTime, tz));
		} else {
			occupy([agentId], toInstant(firstDay, a.startTime, tz), toInstant(addDays(today, a.toDay), a.endTime, tz));
		}
		return {
			_id: new Types.ObjectId(),
			agentId,
			title: a.title,
			firstDay,
			endDay: a.weekly ? firstDay : addDays(today, a.toDay),
			startTime: a.startTime,
			endTime: a.endTime,
			recurrence,
			timeZone: tz
		};
	});

	const rdvs: Doc[] = [];
	const addRdv = (input: {
		org: string;
		motifKey: string;
		agentIds: Types.ObjectId[];
		startsAt: Date;
		endsAt: Date;
		lieuKey?: string;
		participants: SeedUsager[];
		status: RdvStatus;
		participantStatuses?: RdvStatus[];
		title?: string;
		maxParticipants?: number;
	}) => {
		const motif = refs.motifs.get(`${input.org}:${input.motifKey}`);
		if (!motif) throw new Error(`Unknown motif ${input.motifKey}`);
		const m = motif.seed;
		const creator = creatorOf(rng, m);
		const first = input.participants[0];
		const bookedBy = creator === 'usager' ? (first?.responsibleId ?? first?._id) : undefined;
		const createdAt = new Date(
			Math.min(now.getTime() - rng.int(5, 600) * MINUTE, input.startsAt.getTime() - rng.int(1, 21) * 24 * 60 * MINUTE)
		);
		const cancelled = input.status === 'excused' || input.status === 'revoked';
		const decidedAt = Math.min(now.getTime(), input.startsAt.getTime());
		rdvs.push({
			_id: new Types.ObjectId(),
			startsAt: input.startsAt,
			endsAt: input.endsAt,
			timeZone: tz,
			organisationId: refs.orgIds.get(input.org),
			motifId: motif.id,
			serviceId: motif.serviceId,
			locationType: m.locationType,
			lieuId:
				m.locationType === 'public_office' && input.lieuKey
					? refs.lieuIds.get(`${input.org}:${input.lieuKey}`)
					: undefined,
			singleUseAddress:
				m.locationType === 'home' ? (addressLine(first) ?? '12 rue de la République, 62000 Arras') : undefined,
			agentIds: input.agentIds,
			participants: input.participants.map((u, i) => ({
				usagerId: u._id,
				status: input.participantStatuses?.[i] ?? input.status,
				sendLifecycleNotifications: rng.chance(0.95),
				sendReminderNotification: rng.chance(0.9),
				createdBy: creator
			})),
			status: input.status,
			context: rng.chance(0.15) ? rng.pick(CONTEXTS) : undefined,
			createdBy: {
				kind: creator,
				agentId:
					creator === 'agent'
						? refs.secretariat.has(input.org) && rng.chance(0.3)
							? refs.secretariat.get(input.org)
							: input.agentIds[0]
						: undefined,
				usagerId: bookedBy,
				prescripteur: creator === 'prescripteur' ? prescripteur(rng) : undefined
			},
			collective: m.collective ?? false,
			title: input.title,
			maxParticipants: input.maxParticipants,
			cancelledAt: cancelled
				? new Date(createdAt.getTime() + Math.floor(rng.next() * Math.max(0, decidedAt - createdAt.getTime())))
				: undefined,
			createdAt,
			updatedAt: cancelled ? new Date(decidedAt) : createdAt
		});
	};

	// Collective sessions are planned before individual RDVs: they do not need a plage.
	for (const c of territory.collectives) {
		const motif = refs.motifs.get(`${c.org}:${c.motif}`)?.seed as MotifSeed;
		const pool = refs.pools.get(c.org) as UsagerPool;
		for (const day of daysBetween(windowFrom, windowTo).filter((d) => isoWeekday(d) === c.weekday)) {
			if (holidayOn(territory.departementNumber, day)) continue;
			const startsAt = toInstant(day, c.startTime, tz);
			const endsAt = new Date(startsAt.getTime() + motif.durationMinutes * MINUTE);
			const agentIds = [agent(c.agent)];
			if (!isFree(agentIds, startsAt, endsAt)) continue;
			occupy(agentIds, startsAt, endsAt);
			const past = endsAt <= now;
			const status: RdvStatus = past ? (rng.chance(0.85) ? 'seen' : 'revoked') : 'unknown';
			const participants = rng.sample(pool.adults, rng.int(2, past ? c.maxParticipants : c.maxParticipants - 2));
			addRdv({
				org: c.org,
				motifKey: c.motif,
				agentIds,
				startsAt,
				endsAt,
				lieuKey: c.lieu,
				participants,
				status,
				title: c.title,
				maxParticipants: c.maxParticipants
			});
		}
	}

	const plages: Doc[] = [];
	for (const p of territory.plages) {
		const agentId = agent(p.agent);
		const firstDay = firstOnWeekday(addDays(today, -PLAGE_START_DAYS), p.weekdays);
		const recurrence: Recurrence =
			p.every === 'month'
				? { every: 'month', interval: 1 }
				: { every: 'week', interval: p.interval ?? 1, weekdays: p.weekdays };
		plages.push({
			_id: new Types.ObjectId(),
			agentId,
			organisationId: refs.orgIds.get(p.org),
			title: p.title,
			lieuId: p.lieu ? refs.lieuIds.get(`${p.org}:${p.lieu}`) : undefined,
			motifIds: p.motifs.map((k) => refs.motifs.get(`${p.org}:${k}`)?.id),
			firstDay,
			startTime: p.startTime,
			endTime: p.endTime,
			recurrence,
			timeZone: tz
		});

		const pool = refs.pools.get(p.org) as UsagerPool;
		for (const day of expandDays(firstDay, recurrence, windowFrom, addDays(windowTo, 1))) {
			// Public holidays block every agenda (the demo territories do not work on them).
			if (holidayOn(territory.departementNumber, day)) continue;
			let minute = minutesOfDay(p.startTime);
			const end = minutesOfDay(p.endTime);
			while (minute < end) {
				const motifKey = rng.pick(p.motifs);
				const m = refs.motifs.get(`${p.org}:${motifKey}`)?.seed as MotifSeed;
				if (minute + m.durationMinutes > end) break;
				const startsAt = toInstant(day, hhmm(minute), tz);
				const endsAt = new Date(startsAt.getTime() + m.durationMinutes * MINUTE);
				minute += m.durationMinutes;
				const weeksAhead = Math.max(0, (startsAt.getTime() - now.getTime()) / (7 * 24 * 60 * MINUTE));
				const fill = endsAt <= now ? 0.62 : 0.6 - 0.11 * weeksAhead;
				if (!rng.chance(fill)) continue;
				// Home evaluations are made in pairs when a colleague of the organisation is free.
				const agentIds = [agentId];
				if (m.visibility === 'invisible') {
					const partner = territory.agents.find(
						(a) => a.key !== p.agent && a.email && a.roles.some(([o]) => o === p.org) && a.services.includes(m.service)
					);
					if (partner && isFree([agent(partner.key)], startsAt, endsAt)) agentIds.push(agent(partner.key));
				}
				if (!isFree(agentIds, startsAt, endsAt)) continue;
				const participant = pickParticipant(rng, pool, m, agentId);
				if (!participant) continue;
				occupy(agentIds, startsAt, endsAt);
				const status: RdvStatus =
					endsAt <= now ? rng.weighted(PAST_STATUS) : startsAt <= now ? 'unknown' : rng.weighted(FUTURE_STATUS);
				addRdv({
					org: p.org,
					motifKey,
					agentIds,
					startsAt,
					endsAt,
					lieuKey: p.lieu,
					participants: [participant],
					status
				});
			}
		}
	}

	// Active RDVs that are not over yet hold their agents' time (see services/claims.ts).
	const claims: Doc[] = rdvs
		.filter((r) => (r.endsAt as Date) > now && r.status !== 'excused' && r.status !== 'revoked')
		.flatMap((r) =>
			(r.agentIds as Types.ObjectId[]).flatMap((agentId) =>
				claimBuckets(r.startsAt as Date, r.endsAt as Date).map((bucket) => ({
					agentId,
					bucket,
					rdvId: r._id,
					createdAt: r.createdAt
				}))
			)
		);

	return { plages, absences, rdvs, claims };
}

function creatorOf(rng: Random, m: MotifSeed): RdvCreator {
	if (m.bookableBy === 'everyone') return rng.weighted({ agent: 55, usager: 35, prescripteur: 10 });
	if (m.bookableBy === 'agents') return 'agent';
	return rng.weighted({ agent: 85, prescripteur: 15 });
}

function prescripteur(rng: Random) {
	const firstName = rng.pick(FIRST_NAMES_ADULT);
	const lastName = rng.pick(['Morel', 'Garnier', 'Roux', 'Blanchard', 'Perrin', 'Colin']);
	return {
		firstName,
		lastName,
		email: `${firstName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}.${lastName.toLowerCase()}@mission-locale.example.org`
	};
}

/** Babies for PMI consultations (often for home visits), followed adults for follow-up motifs, adults otherwise. */
function pickParticipant(rng: Random, pool: UsagerPool, m: MotifSeed, agentId: Types.ObjectId): SeedUsager | undefined {
	if (m.followUp) {
		const followed = pool.byReferent.get(String(agentId)) ?? [];
		return followed.length ? rng.pick(followed) : undefined;
	}
	const forChildren = m.key === 'pmi_consult' || (m.key === 'pmi_vad' && rng.chance(0.7));
	if (forChildren && pool.children.length) return rng.pick(pool.children);
	return pool.adults.length ? rng.pick(pool.adults) : undefined;
}
