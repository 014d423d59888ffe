/** Schema-level validators shared by several models (messages in French: they may reach a form). */
import { isFiveMinuteTime, isValidDay } from '../../domain/local-time.ts';

export const dayValidator = {
	validator: (v: unknown) => v === undefined || v === null || (typeof v === 'string' && isValidDay(v)),
	message: 'Date invalide (AAAA-MM-JJ attendu).'
};

export const fiveMinuteTimeValidator = {
	validator: (v: unknown) => typeof v === 'string' && isFiveMinuteTime(v),
	message: 'Heure invalide : format HH:MM, par pas de 5 minutes.'
};
