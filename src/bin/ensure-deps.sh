#!/bin/sh
# Runs before `npm start`, `npm test` and `npm run dev`: installs the dependencies when they are missing or stale
# (package-lock.json changed), so a fresh clone needs nothing else. Node 24 itself comes from the `node` package.
set -e
cd "$(dirname "$0")/../.."
stamp=node_modules/.guichet-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -x node_modules/.bin/node ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	echo "[guichet] Installing dependencies (npm ci, Node 24 included)…"
	if ! npm ci --no-audit --no-fund --loglevel=error; then
		echo "[guichet] Installing the dependencies failed (npm's messages above): check access to the npm registry and free disk space, then retry." >&2
		exit 1
	fi
	echo "$want" >"$stamp"
fi
