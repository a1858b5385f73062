#!/usr/bin/env bash
# `npm start` on a fresh clone: installs what is missing (node_modules with Node 24, the Pulumi
# engine), then hands over to scripts/start.ts, which runs the jobs on the embedded hub.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/node ] || [ ! -d node_modules/@pulumi/pulumi ]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi
bin_dir="$(bash scripts/setup-pulumi.sh | tail -n 1)"
HUBJOBS_PULUMI_BIN="$bin_dir" exec node_modules/.bin/node scripts/start.ts "$@"
