// Placeholder until the demo seed lands (same session).
export async function seedIfEmpty(_opts: { log: (m: string) => void }): Promise<boolean> {
	return false;
}
