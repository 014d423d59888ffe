/**
 * The first step of the plage and indisponibilité form actions: the posted form read into its values (shown
 * again on a refusal) and the service's input, the errors only the form can judge (formats, required fields)
 * already shaped like the service's refusal.
 */
import { invalid, type InvalidResult } from './services/result.ts';

export interface PostedForm<V, I> {
	form: FormData;
	values: V;
	input: I;
	/** Null when the form's own checks pass and the service may be asked. */
	refusal: InvalidResult | null;
}

export async function readPostedForm<V, I>(
	request: Request,
	read: (form: FormData) => V,
	toInput: (values: V) => { input: I; errors: Record<string, string> }
): Promise<PostedForm<V, I>> {
	const form = await request.formData();
	const values = read(form);
	const { input, errors } = toInput(values);
	return { form, values, input, refusal: Object.keys(errors).length ? invalid(errors) : null };
}
