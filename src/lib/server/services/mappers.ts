/** Document → DTO mappers: the one place that decides which fields leave the server. */
import type {
	AgentDto,
	LieuDto,
	MotifDto,
	OrganisationDto,
	ServiceDto,
	TerritoryDto,
	UsagerDto
} from '../../domain/dto.ts';
import type { TerritoryTimeZone } from '../../domain/types.ts';
import type { AgentFields } from '../db/models/agent.ts';
import type { LieuFields } from '../db/models/lieu.ts';
import type { MotifFields } from '../db/models/motif.ts';
import type { OrganisationFields } from '../db/models/organisation.ts';
import type { ServiceFields } from '../db/models/service.ts';
import type { TerritoryFields } from '../db/models/territory.ts';
import type { UsagerFields } from '../db/models/usager.ts';

/** A lean document: the schema fields plus its id. */
export type Lean<T> = T & { _id: { toString(): string } };

/** Optional strings leave as undefined, never null or ''. */
const opt = (v: string | null | undefined) => (v ? v : undefined);

export function toTerritoryDto(t: Lean<TerritoryFields>): TerritoryDto {
	return {
		id: String(t._id),
		departementNumber: t.departementNumber,
		name: t.name,
		timeZone: t.timeZone as TerritoryTimeZone,
		serviceIds: t.serviceIds.map(String),
		allowWorkOnHolidays: t.allowWorkOnHolidays ?? false
	};
}

export function toOrganisationDto(o: Lean<OrganisationFields>, territory: Lean<TerritoryFields>): OrganisationDto {
	return {
		id: String(o._id),
		territoryId: String(o.territoryId),
		name: o.name,
		slug: o.slug ?? '',
		phone: opt(o.phone),
		email: opt(o.email),
		website: opt(o.website),
		openingHoursText: opt(o.openingHoursText),
		timeZone: territory.timeZone as TerritoryTimeZone,
		departementNumber: territory.departementNumber,
		allowWorkOnHolidays: territory.allowWorkOnHolidays ?? false
	};
}

export function toServiceDto(s: Lean<ServiceFields>): ServiceDto {
	return { id: String(s._id), name: s.name, shortName: s.shortName, isSecretariat: s.isSecretariat ?? false };
}

export function toAgentDto(a: Lean<AgentFields>): AgentDto {
	return {
		id: String(a._id),
		firstName: a.firstName ?? '',
		lastName: a.lastName,
		email: opt(a.email),
		serviceIds: a.serviceIds.map(String)
	};
}

export function toMotifDto(m: Lean<MotifFields>): MotifDto {
	return {
		id: String(m._id),
		organisationId: String(m.organisationId),
		serviceId: String(m.serviceId),
		name: m.name,
		color: m.color,
		durationMinutes: m.durationMinutes,
		locationType: m.locationType,
		collective: m.collective,
		bookableBy: m.bookableBy,
		minBookingDelayMinutes: m.minBookingDelayMinutes,
		maxBookingDelayMinutes: m.maxBookingDelayMinutes,
		rdvsEditableByUser: m.rdvsEditableByUser,
		rdvsCancellableByUser: m.rdvsCancellableByUser,
		visibility: m.visibility,
		followUp: m.followUp,
		instructionsBeforeBooking: opt(m.instructionsBeforeBooking),
		instructionsAfterBooking: opt(m.instructionsAfterBooking),
		customCancelWarning: opt(m.customCancelWarning),
		deleted: !!m.deletedAt
	};
}

export function toLieuDto(l: Lean<LieuFields>): LieuDto {
	return {
		id: String(l._id),
		organisationId: String(l.organisationId),
		name: l.name,
		address: l.address,
		phone: opt(l.phone),
		coordinates: l.coordinates ? { latitude: l.coordinates.latitude, longitude: l.coordinates.longitude } : undefined,
		availability: l.availability
	};
}

export function toUsagerDto(u: Lean<UsagerFields>): UsagerDto {
	return {
		id: String(u._id),
		// An online account may not have given its names yet: shown as « (nom non renseigné) » (usagers/format.ts).
		firstName: u.firstName ?? '',
		lastName: u.lastName ?? '',
		birthName: opt(u.birthName),
		birthDate: opt(u.birthDate),
		email: opt(u.email),
		phone: opt(u.phone),
		phoneIsMobile: u.phoneIsMobile ?? false,
		responsibleId: u.responsibleId ? String(u.responsibleId) : undefined
	};
}
