/**
 * Phone numbers are stored in E.164. Usagers type national numbers: metropolitan France and the overseas
 * départements share one national plan (0262…, 0692…, 0590…) but have their own country codes, so a national
 * number is tried against each region in turn. Only mobile numbers get SMS.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

const FRENCH_REGIONS: CountryCode[] = ['FR', 'RE', 'YT', 'GP', 'MQ', 'GF', 'PM', 'BL', 'MF'];

export interface NormalizedPhone {
	e164: string;
	isMobile: boolean;
}

/** E.164 and mobile flag of a French or overseas number, or null when it is not a valid number. */
export function normalizePhone(raw: string): NormalizedPhone | null {
	const input = raw.trim().replace(/^00/, '+');
	if (!input) return null;
	const regions: (CountryCode | undefined)[] = input.startsWith('+') ? [undefined] : FRENCH_REGIONS;
	for (const region of regions) {
		const parsed = parsePhoneNumberFromString(input, region);
		if (parsed?.isValid()) {
			const type = parsed.getType();
			return { e164: parsed.number, isMobile: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' };
		}
	}
	return null;
}

/** A stored E.164 number as French readers write it (« 03 21 00 00 00 », « 0262 12 34 56 »); as is when unparsable. */
export function formatPhoneNational(e164: string): string {
	const parsed = parsePhoneNumberFromString(e164);
	return parsed?.isValid() ? parsed.formatNational() : e164;
}
