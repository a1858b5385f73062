#!/usr/bin/env bash
# Provides the Pulumi engine for offline machines (idempotent; seconds once cached).
#
# 1. A `pulumi` already on PATH at version >= MIN_VERSION (installed the usual way, with its own
#    language host and plugins) is used as is.
# 2. Otherwise the CLI is built from the published Go module through tools/pulumi-cli (go.mod pins
#    v3.274.1) into ${HUBJOBS_CACHE:-$HOME/.cache/hubjobs}/pulumi/<version>/bin, outside the repo.
#    Next to it go two shims: `pulumi-resource-pulumi-nodejs` (the dynamic-provider plugin) and
#    `pulumi-language-nodejs` (scripts/language-host.ts: the Go language host is not served by the
#    module proxy). Both run this project's Node 24 and find the project through HUBJOBS_ROOT,
#    falling back to the clone that last ran this script.
#
# Prints where everything is. Last stdout line: the directory to put first on PATH.
set -euo pipefail

VERSION="v3.274.1"
MIN_VERSION="3.270.0"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${HUBJOBS_CACHE:-$HOME/.cache/hubjobs}"
BIN="$CACHE/pulumi/$VERSION/bin"

log() { echo "setup-pulumi: $*" >&2; }

version_at_least() { # $1 >= $2, both x.y.z
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

# A pulumi on PATH that is not our own cached build and is recent enough wins.
if [ -z "${HUBJOBS_FORCE_BUILD:-}" ] && existing="$(command -v pulumi 2>/dev/null)" && [ "$(dirname "$existing")" != "$BIN" ]; then
  have="$("$existing" version 2>/dev/null | sed 's/^v//')"
  if [ -n "$have" ] && version_at_least "$have" "$MIN_VERSION"; then
    log "using pulumi $have from PATH: $existing"
    dirname "$existing"
    exit 0
  fi
  log "pulumi on PATH is $have, older than $MIN_VERSION: building $VERSION instead"
fi

mkdir -p "$BIN"
if [ ! -x "$BIN/pulumi" ]; then
  command -v go >/dev/null || { log "error: Go is needed to build the Pulumi CLI (or install pulumi >= $MIN_VERSION)"; exit 1; }
  log "building pulumi $VERSION into $BIN (first time only; several minutes on 2 cores)"
  (cd "$ROOT/tools/pulumi-cli" && go build \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$VERSION" \
    -o "$BIN/pulumi.tmp.$$" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv "$BIN/pulumi.tmp.$$" "$BIN/pulumi"
fi

# Shims are rewritten every run (cheap), so they always point at a clone that exists.
write_shim() { # $1 name, $2 node script relative to the project root
  local tmp="$BIN/.$1.tmp"
  cat >"$tmp" <<EOF
#!/bin/sh
R="\${HUBJOBS_ROOT:-$ROOT}"; exec "\$R/node_modules/.bin/node" "\$R/$2" "\$@"
EOF
  chmod +x "$tmp"
  mv "$tmp" "$BIN/$1"
}
write_shim pulumi-resource-pulumi-nodejs scripts/dynamic-provider.ts
write_shim pulumi-language-nodejs scripts/language-host.ts

log "pulumi:          $BIN/pulumi ($("$BIN/pulumi" version))"
log "language host:   $BIN/pulumi-language-nodejs -> $ROOT/scripts/language-host.ts"
log "dynamic plugin:  $BIN/pulumi-resource-pulumi-nodejs -> $ROOT/scripts/dynamic-provider.ts (Node 24 from $ROOT/node_modules/.bin/node)"
echo "$BIN"
