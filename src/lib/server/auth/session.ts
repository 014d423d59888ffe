// Placeholder until sessions land (same session).
export interface SessionAgent {
	id: string;
}
