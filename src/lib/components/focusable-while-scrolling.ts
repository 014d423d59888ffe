/**
 * Keyboard users scroll an overflowing box with the arrow keys once it has the focus, and a box that holds no
 * link or button never gets it (axe: scrollable-region-focusable). While `node` overflows (a wide table on a
 * phone) it is a tab stop; once everything fits it is not, so wide screens do not get a useless stop.
 * Use as `{@attach focusableWhileScrolling}` on the element that scrolls.
 */
import type { Attachment } from 'svelte/attachments';

export const focusableWhileScrolling: Attachment<HTMLElement> = (node) => {
	const update = () => {
		const overflows = node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1;
		if (overflows) node.setAttribute('tabindex', '0');
		else node.removeAttribute('tabindex');
	};
	update();
	// The box or its content changing size (a narrower window, more rows) may make it overflow or fit.
	const observer = new ResizeObserver(update);
	observer.observe(node);
	for (const child of node.children) observer.observe(child);
	return () => observer.disconnect();
};
