import { describe, expect, it } from 'vitest';
import { AGENT_MENU_ITEMS } from './agent-menu';
import { AGENT_CAPABILITIES, USAGER_CAPABILITIES } from './home-capabilities';

describe('AGENT_CAPABILITIES', () => {
	it('promises only what an existing page does (a menu entry that is available, or the API)', () => {
		for (const capability of AGENT_CAPABILITIES) {
			if (capability.section === 'api') continue;
			const entry = AGENT_MENU_ITEMS.find((item) => item.section === capability.section);
			expect(entry?.available, `${capability.section}: ${capability.text}`).toBe(true);
		}
	});

	it('speaks of no notification, reminder, self-service link or live update (none exists yet)', () => {
		for (const { text } of AGENT_CAPABILITIES) {
			expect(text).not.toMatch(/sms|e-mail|courriel|rappel|notif|temps réel|en direct|déplacer|en ligne/i);
		}
	});

	it('writes each capability as one sentence', () => {
		for (const { text } of AGENT_CAPABILITIES) expect(text).toMatch(/^[A-ZÀ-Ý].*\.$/);
	});
});

describe('USAGER_CAPABILITIES', () => {
	it('ties each one to a page of the booking funnel or of the usager’s space, written as one sentence', () => {
		for (const { text, path } of USAGER_CAPABILITIES) {
			expect(path, text).toMatch(/^\/(prendre-rdv|mon-espace|usager)(\/|$)/);
			expect(text).toMatch(/^[A-ZÀ-Ý].*\.$/);
		}
	});
});
