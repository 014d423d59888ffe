/**
 * Success messages of the configuration pages. After a redirect, the page receives only a code in `?succes=`
 * (never free text, so a crafted link cannot make the page say anything else).
 */
export const CONFIG_SUCCESS_MESSAGES = {
	'lieu-cree': 'Le lieu a été créé.',
	'lieu-modifie': 'Le lieu a été modifié.',
	'lieu-desactive': 'Le lieu a été désactivé : il n’est plus proposé mais reste sur les RDV existants.',
	'lieu-active': 'Le lieu a été réactivé.',
	'lieu-supprime': 'Le lieu a été supprimé.',
	'motif-cree': 'Le motif a été créé.',
	'motif-modifie': 'Le motif a été modifié.',
	'motif-duplique': 'Le motif a été dupliqué : vérifiez la copie ci-dessous.',
	'motif-supprime': 'Le motif a été supprimé.',
	'motif-archive':
		'Le motif a été supprimé. Des RDV ou des plages y font référence : il reste visible avec le filtre « motifs supprimés ».'
} as const;

export type ConfigSuccessCode = keyof typeof CONFIG_SUCCESS_MESSAGES;

export function configSuccessMessage(url: URL): string | undefined {
	const code = url.searchParams.get('succes');
	return code && code in CONFIG_SUCCESS_MESSAGES ? CONFIG_SUCCESS_MESSAGES[code as ConfigSuccessCode] : undefined;
}
