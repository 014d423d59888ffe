/**
 * Keeps a <select>'s current selection on the chosen value(s) each time they change.
 *
 * The options' `selected` attributes are only the default (what the server renders, what a form reset restores):
 * once the agent has picked an option, the browser ignores attribute changes on it (its "dirtiness"), while an
 * option the agent never touched is selected as soon as it gains the attribute. SvelteKit's `applyAction` renders
 * the page once with `form = null` before the action's result, so a form seeded from `form?.values ?? data.values`
 * flips to its defaults and back after every round trip: with attributes alone the untouched default option won,
 * and the select showed « Aucun lieu » although the server had sent the chosen lieu back. Setting `selected` as a
 * property follows the value both ways.
 *
 * Used as `{@attach followSelection(value)}`: the attachment runs again whenever `value` changes, after the
 * options are rendered; the agent's own picks stand until then.
 */
import type { Attachment } from 'svelte/attachments';

export function followSelection(chosen: string | readonly string[]): Attachment<HTMLSelectElement> {
	const values = typeof chosen === 'string' ? [chosen] : chosen;
	return (select) => {
		for (const option of select.options) {
			const selected = values.includes(option.value);
			if (option.selected !== selected) option.selected = selected;
		}
	};
}
