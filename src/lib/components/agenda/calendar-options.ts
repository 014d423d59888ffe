/**
 * The FullCalendar options every calendar of the agenda page shares (the single calendar and each column of the
 * multi-agent day view): selecting a range, dragging and resizing the RDVs the viewer may change, and events that
 * keyboard and screen-reader users reach with their details (the tooltip shows on focus as on hover).
 */
import type { CalendarOptions, EventChangeInfo } from 'fullcalendar';
import { makeEventReachable, type MountedEvent } from '$lib/fullcalendar-setup';
import { detailsText, type FeedEventProps, type RdvDetails } from '$lib/agenda-feed';

export interface TooltipHandle {
	show(el: HTMLElement, details: RdvDetails): void;
	hide(): void;
}

export interface InteractionContext {
	tooltip: TooltipHandle;
	/** The agent a selected range is for; null turns selecting off (several agents merged in one calendar). */
	selectionAgent: () => string | null;
	onSelect: (range: { start: Date; end: Date; agentId: string }) => void;
	/** An RDV was dropped elsewhere or resized: the caller confirms, then saves or reverts. */
	onChange: (info: EventChangeInfo) => void;
}

let describedCount = 0;

/** Gives an RDV event its details as a description, and the tooltip on hover and focus. */
function describe(el: HTMLElement, details: RdvDetails, tooltip: TooltipHandle) {
	const description = el.ownerDocument.createElement('span');
	description.id = `agenda-event-details-${++describedCount}`;
	description.hidden = true;
	description.textContent = detailsText(details);
	el.append(description);
	el.setAttribute('aria-describedby', description.id);
	const show = () => tooltip.show(el, details);
	el.addEventListener('mouseenter', show);
	el.addEventListener('focus', show);
	el.addEventListener('mouseleave', tooltip.hide);
	el.addEventListener('blur', tooltip.hide);
}

export function interactionOptions(ctx: InteractionContext): CalendarOptions {
	return {
		editable: false,
		selectable: true,
		selectMirror: true,
		// RDVs start and last on the 5-minute grain: a drop or a resize snaps to it.
		snapDuration: '00:05:00',
		selectAllow: (span) => !span.allDay && ctx.selectionAgent() !== null,
		select: (info) => {
			const agentId = ctx.selectionAgent();
			if (agentId) ctx.onSelect({ start: info.start, end: info.end, agentId });
		},
		eventDrop: ctx.onChange,
		eventResize: ctx.onChange,
		eventDragStart: ctx.tooltip.hide,
		eventResizeStart: ctx.tooltip.hide,
		eventDidMount: (info) => {
			makeEventReachable(info as unknown as MountedEvent);
			const details = (info.event.extendedProps as Partial<FeedEventProps>).details;
			if (details && !info.view.type.startsWith('list')) describe(info.el as HTMLElement, details, ctx.tooltip);
		}
	};
}
