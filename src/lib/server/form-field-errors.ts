/**
 * A service refusal's field errors under a form's own field names: the service names its input's fields
 * (`startsAt`, `agentIds.1`), each form its inputs (`heure`, `agent`); errors go next to the input they are about.
 */
export function formFieldErrors(
	refusal: { fieldErrors?: Record<string, string> },
	/** Service field → form field; fields missing here have no input in the form and are left out. */
	names: Record<string, string>
): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const [key, message] of Object.entries(refusal.fieldErrors ?? {})) {
		const field = names[key.split('.')[0]];
		if (field) errors[field] ??= message;
	}
	return errors;
}
