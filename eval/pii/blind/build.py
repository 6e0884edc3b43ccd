#!/usr/bin/env python3
"""Convert annotated.txt (one `lang<TAB>message` per line, entities marked
inline as [[TYPE:text]]) into dev.jsonl / heldout.jsonl.

Offsets are Unicode code points (Python str indices), end exclusive.
The split is deterministic: a message goes to dev.jsonl when the first byte
of sha256(text) is even, to heldout.jsonl otherwise.

The script refuses to write anything if a check fails:
  * every IBAN passes ISO 13616 mod-97
  * every CREDIT_CARD passes Luhn
  * every NATIONAL_ID matches a known format with a valid check key
  * every span's text equals the text at its offsets, with no surrounding
    whitespace/punctuation and no title inside a PERSON span
  * no duplicate messages, no leftover markup, known types and languages

Usage: python3 build.py [FOLDER] [--stats]   (FOLDER: another set's, default this one)
"""
import collections
import hashlib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {"EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "IP_ADDRESS", "NATIONAL_ID",
         "URL", "PERSON", "DATE_OF_BIRTH", "POSTAL_ADDRESS"}
LANGS = {"en", "fr", "de", "fi", "es", "it", "nl", "pl", "sv", "pt"}
MARK = re.compile(r"\[\[([A-Z_]+):(.*?)\]\]")
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "mme", "mlle", "m", "monsieur",
          "madame", "herr", "frau", "sr", "sra", "srta", "don", "doña", "sig", "sig.ra",
          "signor", "signora", "dott", "dott.ssa", "pan", "pani", "fru", "herra", "rouva",
          "dhr", "mevr", "mw", "sir", "señor", "señora", "senhor", "senhora", "dra",
          "tohtori", "maître", "me"}


def iban_ok(s):
    s = s.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def luhn_ok(s):
    d = re.sub(r"[ -]", "", s)
    if not d.isdigit() or not 12 <= len(d) <= 19:
        return False
    return _luhn_plain(d)


# ---- national identifiers -------------------------------------------------
def fi_hetu(s):
    m = re.fullmatch(r"(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])", s)
    if not m:
        return False
    return "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(m.group(1) + m.group(3)) % 31] == m.group(4)


def fr_nir(s):
    d = s.replace(" ", "")
    if not re.fullmatch(r"[12]\d{14}", d):
        return False
    return 97 - int(d[:13]) % 97 == int(d[13:])


def uk_nino(s):
    d = s.replace(" ", "").upper()
    m = re.fullmatch(r"([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])\d{6}[A-D]", d)
    return bool(m) and d[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def es_dni_nie(s):
    d = s.replace("-", "").replace(" ", "").upper()
    m = re.fullmatch(r"([XYZ]?)(\d{7,8})([A-Z])", d)
    if not m:
        return False
    num = {"": "", "X": "0", "Y": "1", "Z": "2"}[m.group(1)] + m.group(2)
    if (m.group(1) and len(m.group(2)) != 7) or (not m.group(1) and len(m.group(2)) != 8):
        return False
    return "TRWAGMYFPDXBNJZSQVHLCKE"[int(num) % 23] == m.group(3)


_CF_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                    2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]))


def it_cf(s):
    d = s.upper()
    if not re.fullmatch(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]", d):
        return False
    t = sum(_CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
            for i, c in enumerate(d[:15]))
    return chr(65 + t % 26) == d[15]


def de_steuer(s):
    d = s.replace(" ", "")
    if not re.fullmatch(r"[1-9]\d{10}", d):
        return False
    p = 10
    for c in d[:10]:
        x = (int(c) + p) % 10 or 10
        p = (x * 2) % 11
    ck = 11 - p
    return (0 if ck == 10 else ck) == int(d[10])


def se_pnr(s):
    m = re.fullmatch(r"(?:19|20)?(\d{6})[-+]?(\d{4})", s.replace(" ", ""))
    return bool(m) and _luhn_plain(m.group(1) + m.group(2))


def _luhn_plain(d):
    t = 0
    for k, c in enumerate(reversed(d)):
        x = int(c)
        if k % 2:
            x *= 2
            if x > 9:
                x -= 9
        t += x
    return t % 10 == 0


def nl_bsn(s):
    d = s.replace(" ", "").replace(".", "")
    if not re.fullmatch(r"\d{9}", d):
        return False
    t = sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1))) - int(d[8])
    return t % 11 == 0


def pl_pesel(s):
    if not re.fullmatch(r"\d{11}", s):
        return False
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return (10 - sum(int(c) * x for c, x in zip(s, w)) % 10) % 10 == int(s[10])


def pt_nif(s):
    d = s.replace(" ", "")
    if not re.fullmatch(r"[125689]\d{8}", d):
        return False
    c = 11 - sum(int(x) * w for x, w in zip(d[:8], range(9, 1, -1))) % 11
    return (0 if c >= 10 else c) == int(d[8])


def be_nn(s):
    d = re.sub(r"[ .-]", "", s)
    if not re.fullmatch(r"\d{11}", d):
        return False
    k = int(d[9:])
    return 97 - int(d[:9]) % 97 == k or 97 - int("2" + d[:9]) % 97 == k


NATIONAL_ID_CHECKS = [fi_hetu, fr_nir, uk_nino, es_dni_nie, it_cf, de_steuer, se_pnr,
                      nl_bsn, pl_pesel, pt_nif, be_nn]


def national_id_ok(s):
    return [f.__name__ for f in NATIONAL_ID_CHECKS if f(s)]


# ---- parsing ----------------------------------------------------------------
def parse_line(raw, lineno, errors):
    if "\t" not in raw:
        errors.append(f"line {lineno}: no TAB after language code")
        return None
    lang, body = raw.split("\t", 1)
    if lang not in LANGS:
        errors.append(f"line {lineno}: unknown language {lang!r}")
    text, ents, pos = [], [], 0
    cur = 0
    for m in MARK.finditer(body):
        text.append(body[pos:m.start()])
        cur += len(body[pos:m.start()])
        typ, val = m.group(1), m.group(2)
        if typ not in TYPES:
            errors.append(f"line {lineno}: unknown type {typ}")
        ents.append({"type": typ, "start": cur, "end": cur + len(val), "_val": val})
        text.append(val)
        cur += len(val)
        pos = m.end()
    text.append(body[pos:])
    text = "".join(text)
    if "[[" in text or "]]" in text:
        errors.append(f"line {lineno}: leftover markup")
    return lang, text, ents


def check_entity(e, text, lineno, errors, lang):
    span = text[e["start"]:e["end"]]
    v = e["_val"]
    where = f"line {lineno} {e['type']} {v!r}"
    if span != v:
        errors.append(f"{where}: offsets give {span!r}")
    if not v or v != v.strip():
        errors.append(f"{where}: surrounding whitespace")
    if v and v[-1] in ".,;:!?)]}'\"" and not (e["type"] == "PERSON" and re.search(r"\b[A-Z]\.$", v)):
        errors.append(f"{where}: trailing punctuation")
    if v and v[0] in "([{'\",;:" and not (e["type"] == "PHONE" and v[0] == "("):
        errors.append(f"{where}: leading punctuation")
    t = e["type"]
    if t == "IBAN" and not iban_ok(v):
        errors.append(f"{where}: fails mod-97")
    if t == "CREDIT_CARD" and not luhn_ok(v):
        errors.append(f"{where}: fails Luhn")
    if t == "NATIONAL_ID" and not national_id_ok(v):
        errors.append(f"{where}: no known national-id format with a valid key")
    if t == "PERSON":
        first = re.split(r"[\s]", v)[0].rstrip(".").lower()
        if first in TITLES and not (first == "m" and lang != "fr"):
            errors.append(f"{where}: title inside PERSON span")
    if t == "EMAIL" and v.lower().startswith("mailto:"):
        errors.append(f"{where}: mailto inside span")
    if t == "PHONE" and (v.lower().startswith("tel") or not re.match(r"[+(0-9]", v) or not v[-1].isdigit()):
        errors.append(f"{where}: phone span must run from +/(/digit to last digit")
    if t == "IP_ADDRESS" and not re.fullmatch(r"[0-9.]+|[0-9A-Fa-f:.]+", v):
        errors.append(f"{where}: odd IP address")
    # the character just outside a span must not continue a word
    if e["start"] > 0 and text[e["start"] - 1].isalnum():
        errors.append(f"{where}: span starts inside a word")
    if e["end"] < len(text) and text[e["end"]].isalnum():
        errors.append(f"{where}: span ends inside a word")


def half_of(text):
    return "dev" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def main(folder=HERE):
    """Converts `folder`'s annotated.txt into its dev.jsonl and heldout.jsonl (the second blind
    set's build.py calls this with its own folder)."""
    errors, records, seen = [], [], {}
    with open(os.path.join(folder, "annotated.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    n = 0
    for lineno, raw in enumerate(lines, 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parsed = parse_line(raw, lineno, errors)
        if parsed is None:
            continue
        lang, text, ents = parsed
        key = text.strip()
        if key in seen:
            errors.append(f"line {lineno}: duplicate of line {seen[key]}")
        seen[key] = lineno
        for e in ents:
            check_entity(e, text, lineno, errors, lang)
        ents.sort(key=lambda e: (e["start"], e["end"]))
        for a, b in zip(ents, ents[1:]):
            if b["start"] < a["end"]:
                errors.append(f"line {lineno}: overlapping spans")
        n += 1
        records.append({"id": n, "lang": lang, "text": text,
                        "entities": [{"type": e["type"], "start": e["start"], "end": e["end"]}
                                     for e in ents]})
    if errors:
        for e in errors:
            print("ERROR", e, file=sys.stderr)
        print(f"{len(errors)} error(s); nothing written", file=sys.stderr)
        sys.exit(1)
    halves = {"dev": [], "heldout": []}
    for r in records:
        halves[half_of(r["text"])].append(r)
    for name, recs in halves.items():
        with open(os.path.join(folder, name + ".jsonl"), "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} messages: dev {len(halves['dev'])}, heldout {len(halves['heldout'])}")
    if "--stats" in sys.argv:
        print_stats(records, halves)


def print_stats(records, halves):
    cols = [("all", records), ("dev", halves["dev"]), ("heldout", halves["heldout"])]
    print("\n| type | " + " | ".join(c for c, _ in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    counts = [collections.Counter(e["type"] for r in rs for e in r["entities"]) for _, rs in cols]
    for t in sorted(TYPES):
        print(f"| {t} | " + " | ".join(str(c[t]) for c in counts) + " |")
    print("| *entities* | " + " | ".join(str(sum(c.values())) for c in counts) + " |")
    print("| *messages without entities* | " + " | ".join(
        str(sum(1 for r in rs if not r["entities"])) for _, rs in cols) + " |")
    print("\n| language | " + " | ".join(c for c, _ in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    lc = [collections.Counter(r["lang"] for r in rs) for _, rs in cols]
    for l in sorted(LANGS, key=lambda l: -lc[0][l]):
        print(f"| {l} | " + " | ".join(str(c[l]) for c in lc) + " |")
    print("| *messages* | " + " | ".join(str(len(rs)) for _, rs in cols) + " |")
    types = sorted(TYPES)
    for name, rs in cols[1:]:
        print(f"\n**{name}** (entities per type and language)\n")
        print("| lang | msgs | no entity | " + " | ".join(types) + " |")
        print("|---|" + "---:|" * (len(types) + 2))
        tot = collections.Counter()
        for l in sorted(LANGS, key=lambda l: -lc[0][l]):
            sub = [r for r in rs if r["lang"] == l]
            c = collections.Counter(e["type"] for r in sub for e in r["entities"])
            tot.update(c)
            print(f"| {l} | {len(sub)} | {sum(1 for r in sub if not r['entities'])} | "
                  + " | ".join(str(c[t]) for t in types) + " |")
        print(f"| *all* | {len(rs)} | {sum(1 for r in rs if not r['entities'])} | "
              + " | ".join(str(tot[t]) for t in types) + " |")


if __name__ == "__main__":
    # A folder argument converts another blind set ("python3 build.py ../blind3 --stats").
    main(next((a for a in sys.argv[1:] if not a.startswith("--")), HERE))
