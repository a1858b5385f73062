#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint, built from the Go module pinned in
# tools/actionlint/go.mod. The binary is built once into a cache outside the repository, keyed by
# version, so later runs start at once and nothing built is ever committed.
#
#   scripts/actionlint.sh                 build if needed, lint .github/workflows/*.y*ml
#   scripts/actionlint.sh FILE...         build if needed, lint the given workflow files
#   scripts/actionlint.sh --build-only    build if needed, print the binary's path
#
# Exit codes: actionlint's own (0 clean, 1 problems found, 2+ invalid usage / fatal);
# 3 when the binary cannot be built (no Go toolchain, no module proxy).
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
module_dir="$repo_root/tools/actionlint"

# The version is whatever go.mod pins, so bumping it there is the only step to upgrade.
version="$(awk '$1 == "github.com/rhysd/actionlint" { print $2 }' "$module_dir/go.mod")"
if [[ -z "$version" ]]; then
  echo "actionlint.sh: no github.com/rhysd/actionlint requirement in $module_dir/go.mod" >&2
  exit 3
fi

cache_dir="${HUBJOBS_CACHE:-$HOME/.cache/hubjobs}/actionlint/$version"
binary="$cache_dir/actionlint"

if [[ ! -x "$binary" ]]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "actionlint.sh: cannot build actionlint $version: no 'go' on PATH (install Go 1.24+)" >&2
    exit 3
  fi
  echo "actionlint.sh: building actionlint $version into $cache_dir (once)" >&2
  mkdir -p "$cache_dir"
  # Build to a temporary name and rename, so an interrupted build never leaves a broken binary
  # that later runs would trust.
  tmp="$(mktemp "$cache_dir/actionlint.XXXXXX")"
  if ! (cd "$module_dir" && go build -trimpath -buildvcs=false -o "$tmp" github.com/rhysd/actionlint/cmd/actionlint) >&2; then
    rm -f "$tmp"
    echo "actionlint.sh: cannot build actionlint $version (is the Go module proxy reachable?)" >&2
    exit 3
  fi
  chmod +x "$tmp"
  mv -f "$tmp" "$binary"
fi

if [[ "${1:-}" == "--build-only" ]]; then
  echo "$binary"
  exit 0
fi

cd "$repo_root"
if [[ $# -gt 0 ]]; then
  exec "$binary" -no-color "$@"
fi
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [[ ${#workflows[@]} -eq 0 ]]; then
  echo "actionlint.sh: no workflow files under .github/workflows/" >&2
  exit 1
fi
exec "$binary" -no-color "${workflows[@]}"
