#!/usr/bin/env bash
# `npm start` on a fresh clone: installs what is missing (node_modules with Node 24, the Pulumi
# engine), then hands over to scripts/start.ts, which runs the jobs on the embedded hub.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ ! -d node_modules/@pulumi/pulumi ]; then
  echo "Installing dependencies (npm ci)..."
  # npm checks the packages' `engines` against the Node that runs npm, not the Node 24 it installs.
  system_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$system_major" -lt 24 ]; then
    echo "npm runs on this machine's Node $(node -v 2>/dev/null), so it may warn \`EBADENGINE Unsupported engine\` for packages that need a newer Node: harmless, as everything here runs on the Node 24 that npm ci installs into node_modules."
  fi
  npm ci --no-audit --no-fund
fi
if ! bin_dir="$(bash scripts/setup-pulumi.sh | tail -n 1)"; then
  echo "npm start: no Pulumi engine: scripts/setup-pulumi.sh could not provide one (its reason is above). Install pulumi 3.270 or later (https://www.pulumi.com/docs/install/) or Go, then run npm start again." >&2
  exit 1
fi
HUBJOBS_PULUMI_BIN="$bin_dir" exec node_modules/.bin/node scripts/start.ts "$@"
