/** The value of a service result, or a thrown error naming the refusal (tests expecting success). */
export function ok<T>(result: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
	if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
	return result.value;
}
