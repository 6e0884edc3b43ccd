#!/usr/bin/env python3
"""Derives the given-name and surname lists that `sotto-pii` compiles into its name gazetteer
(`crates/sotto-pii/data/names/`), from two registry packages, each checked against its SHA-256
digest before it is read:

- PyPI `faker` 40.63.0 (MIT, Copyright (c) 2012 Daniele Faraglia): the person providers of its
  locales, read with Python's `ast` (the package's code is never run);
- npm `@faker-js/faker` 10.6.0 (MIT, Copyright (c) 2022-2025 Faker, and faker.js Copyright (c)
  2011-2020 Marak Squires): the `person` definitions of its locales, read by Node.js from the
  package's own module (run in a throwaway folder).

Only names in Latin script are kept (chat messages on European sites write names that way),
normalised to NFC, one per line, sorted. Polish and Czech/Slovak surnames get their feminine
forms (-ski/-ska, -cki/-cka, -ný/-ná), which the packages list in one form only.

A third list, `common-words.txt`, holds the words that are far more often ordinary words than
names ("handy", "macie", "koko", "fate"): from PyPI `wordfreq` 3.1.1 (code Apache-2.0, word
lists CC BY-SA 4.0), the 3,000 most frequent words of each of the ten languages Sotto reads,
except a word that is a name in faker's locales of a language where it is frequent at least a
third as often (so "maria", "jan", "pekka" and "chiara" stay names). Reading `wordfreq`'s lists
needs the `msgpack` package (`pip install msgpack`).

    python3 scripts/derive-name-lists.py            # writes the lists
    python3 scripts/derive-name-lists.py --check    # fails if they differ from what is committed

The lists are committed, so that building Sotto needs neither Python nor Node.js nor the
network; this script says where they came from and re-derives them."""

import argparse
import ast
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "crates" / "sotto-pii" / "data" / "names"

FAKER_PY = (
    "https://files.pythonhosted.org/packages/76/54/"
    "f1a9cf45b52014d221d8ef4b29f13df8e11fbd8dba854a075ac3f3b16dcf/faker-40.63.0-py3-none-any.whl",
    "36627c20b575b4138f54b6c21f8703e9ab122fd487aca11319beec2aa6ca7232",
)
FAKER_JS = (
    "https://registry.npmjs.org/@faker-js/faker/-/faker-10.6.0.tgz",
    "13b79ed894af1a52a624fdb144384e1fd6c4afc1a30488830d3be64924333674",
)

WORDFREQ = (
    "https://files.pythonhosted.org/packages/24/61/"
    "62835c475d69872d30689f284497853fe33fe1d6dd18f57346d13305861d/wordfreq-3.1.1-py3-none-any.whl",
    "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473",
)

# The languages Sotto reads, and how many of each one's most frequent words are looked at.
LANGUAGES = ["en", "fr", "de", "fi", "es", "it", "nl", "pl", "sv", "pt"]
FREQUENT = 3000
# A word frequent in one language stays a name when, in a language whose faker locales list it
# as a name, it is at least 1/NAME_RATIO as frequent.
NAME_RATIO = 3
# Locales whose names are not counted when a frequent word is kept as a name: in these
# countries a language of Europe is a second language, and their lists hold words that are
# frequent in it for other reasons ("said", "too" in the English of Kenya and Pakistan).
NOT_COUNTED = {"IN", "KE", "NG", "PK", "TH", "DZ"}

LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’.\- ]+$")


def fetch(url_and_digest):
    url, digest = url_and_digest
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    got = hashlib.sha256(data).hexdigest()
    if got != digest:
        sys.exit(f"{url}: SHA-256 {got}, expected {digest}")
    return data


def literal(node, env):
    """The value of a class attribute of faker's providers, evaluated without running code."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    if isinstance(node, ast.Call) and node.args:
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name in ("OrderedDict", "dict", "tuple", "list", "set"):
            return literal(node.args[0], env)
    if isinstance(node, ast.Name):
        return env.get(node.id)
    if isinstance(node, ast.BinOp):
        left, right = literal(node.left, env), literal(node.right, env)
        if isinstance(left, dict) or isinstance(right, dict):
            return {**dict.fromkeys(left or {}), **dict.fromkeys(right or {})}
        if isinstance(left, (list, tuple, set)) and isinstance(right, (list, tuple, set)):
            return list(left) + list(right)
        return None
    if isinstance(node, ast.Dict) and all(key is None for key in node.keys):
        merged = {}
        for value in node.values:
            found = literal(value, env)
            if isinstance(found, dict):
                merged.update(found)
        return merged
    return None


def strings(value):
    if isinstance(value, dict):
        value = list(value.keys())
    out = []
    for item in value or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, (tuple, list)):
            out.extend(x for x in item if isinstance(x, str))
    return out


def faker_py_names(wheel):
    """Given names and surnames of every locale, and the names (lower case) of each language."""
    given, surnames, by_language = set(), set(), {}
    archive = zipfile.ZipFile(io.BytesIO(wheel))
    for path in archive.namelist():
        locale = re.match(r"faker/providers/person/([^/]+)/__init__\.py$", path)
        if not locale:
            continue
        language, _, country = locale.group(1).partition("_")
        # "Said" and "Too", listed in Kenya's and Pakistan's English, do not make "said" and
        # "too" names in English text.
        counted = country not in NOT_COUNTED
        names = by_language.setdefault(language, set()) if counted else set()
        tree = ast.parse(archive.read(path).decode("utf-8"))
        for cls in tree.body:
            if not (isinstance(cls, ast.ClassDef) and cls.name == "Provider"):
                continue
            env = {}
            for statement in cls.body:
                if not isinstance(statement, (ast.Assign, ast.AnnAssign)) or statement.value is None:
                    continue
                target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
                if not isinstance(target, ast.Name):
                    continue
                value = literal(statement.value, env)
                env[target.id] = value
                attribute = target.id.lower()
                if any(k in attribute for k in ("format", "prefix", "suffix", "language")):
                    continue
                if "name" not in attribute or value is None:
                    continue
                if "first" in attribute or "middle" in attribute:
                    given.update(strings(value))
                elif "last" in attribute:
                    surnames.update(strings(value))
                else:
                    continue
                names.update(n.lower() for n in strings(value))
    return given, surnames, by_language


def frequency_ranks(wheel, language):
    """Each word of `wordfreq`'s small list of `language` with its rank (1 = most frequent)."""
    import msgpack  # noqa: PLC0415 (only this list needs it)

    archive = zipfile.ZipFile(io.BytesIO(wheel))
    packed = gzip.decompress(archive.read(f"wordfreq/data/small_{language}.msgpack.gz"))
    buckets = msgpack.unpackb(packed, raw=False)[1:]
    ranks = {}
    for bucket in buckets:
        for word in bucket:
            ranks.setdefault(word, len(ranks) + 1)
    return ranks


def common_words(wheel, names_by_language):
    """Words far more often ordinary words than names, in any of [`LANGUAGES`]."""
    ranks = {language: frequency_ranks(wheel, language) for language in LANGUAGES}
    candidates = {w for r in ranks.values() for w, rank in r.items() if rank <= FREQUENT}
    out = set()
    for word in candidates:
        if not word.isalpha() or len(word) < 2:
            continue
        as_word = [ranks[l].get(word, 10**9) for l in LANGUAGES
                   if word not in names_by_language.get(l, set())]
        as_name = [ranks[l].get(word, 10**9) for l in LANGUAGES
                   if word in names_by_language.get(l, set())]
        best_as_word = min(as_word, default=10**9)
        if best_as_word <= FREQUENT and min(as_name, default=10**9) > NAME_RATIO * best_as_word:
            out.add(unicodedata.normalize("NFC", word))
    return out


FAKER_JS_READER = """
import { allLocales } from './package/dist/index.js';
const flat = (v) => v == null ? [] : Array.isArray(v) ? v.flatMap(flat)
  : typeof v === 'object' ? Object.values(v).flatMap(flat) : typeof v === 'string' ? [v] : [];
const given = new Set(), surnames = new Set();
for (const def of Object.values(allLocales)) {
  const p = def.person || {};
  flat(p.first_name).concat(flat(p.middle_name)).forEach((n) => given.add(n));
  flat(p.last_name).forEach((n) => surnames.add(n));
}
console.log(JSON.stringify({ given: [...given], surnames: [...surnames] }));
"""


def faker_js_names(tgz):
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(tgz)) as archive:
            archive.extractall(folder, filter="data")
        reader = Path(folder) / "read.mjs"
        reader.write_text(FAKER_JS_READER)
        out = subprocess.run(["node", str(reader)], cwd=folder, capture_output=True, text=True,
                             check=True).stdout
    found = json.loads(out)
    return set(found["given"]), set(found["surnames"])


def cleaned(names):
    out = set()
    for name in names:
        name = unicodedata.normalize("NFC", name.strip())
        if len(name) >= 2 and LATIN.match(name) and any(c.isalpha() for c in name):
            out.add(name)
    return out


FEMININE = [("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"), ("ný", "ná"), ("ský", "ská")]


def with_feminine_forms(surnames):
    out = set(surnames)
    for name in surnames:
        for masculine, feminine in FEMININE:
            if name.endswith(masculine):
                out.add(name[: -len(masculine)] + feminine)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    check = parser.parse_args().check
    py_given, py_surnames, names_by_language = faker_py_names(fetch(FAKER_PY))
    js_given, js_surnames = faker_js_names(fetch(FAKER_JS))
    lists = {
        "given.txt": sorted(cleaned(py_given | js_given)),
        "surnames.txt": sorted(with_feminine_forms(cleaned(py_surnames | js_surnames))),
        "common-words.txt": sorted(common_words(fetch(WORDFREQ), names_by_language)),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for file, names in lists.items():
        text = "".join(f"{n}\n" for n in names)
        path = OUT / file
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                sys.exit(f"{path} differs from what the packages give: run this script")
        else:
            path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(names)} entries")


if __name__ == "__main__":
    main()
