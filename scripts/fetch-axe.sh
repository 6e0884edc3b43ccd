#!/usr/bin/env bash
# Fetches axe-core, the accessibility rules engine the browser tests run on every widget state
# and admin page (MPL-2.0), from the npm registry: the package tarball and the script in it are
# checked against their SHA-256 digests before anything is kept; the script lands in
# models/axe-core/axe.min.js (or the folder given). Never committed, never served: only the
# tests inject it into the page they test.
set -euo pipefail
version="4.11.0"
tarball_sha256="39bed7d72308f6d620789c169d699bfd7e8da80f65b545821a6b2215c3e83107"
script_sha256="e9e5863c33a874f09bc01acd9234b7e3c871479f5eef8802fa582544465e6d01"
dest="${1:-models/axe-core}"
if [ -f "$dest/axe.min.js" ] && echo "$script_sha256  $dest/axe.min.js" | sha256sum --check --status; then
  echo "axe-core $version already in $dest"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/axe-core.tgz" "https://registry.npmjs.org/axe-core/-/axe-core-$version.tgz"
if ! echo "$tarball_sha256  $work/axe-core.tgz" | sha256sum --check --status; then
  echo "the downloaded axe-core package does not match its SHA-256 digest: refused" >&2
  exit 1
fi
tar -xzf "$work/axe-core.tgz" -C "$work" package/axe.min.js
if ! echo "$script_sha256  $work/package/axe.min.js" | sha256sum --check --status; then
  echo "axe.min.js does not match its SHA-256 digest: refused" >&2
  exit 1
fi
mkdir -p "$dest"
mv "$work/package/axe.min.js" "$dest/axe.min.js"
echo "axe-core $version ready in $dest"
