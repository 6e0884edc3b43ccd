#!/usr/bin/env python3
"""Check messages.jsonl and split it into dev.jsonl / heldout.jsonl.

messages.jsonl is the source: one chat message per line,
  {"id": N, "site": "bakery-fr", "lang": "fr", "text": "...",
   "entities": [{"type": "PERSON", "start": 10, "end": 22, "public": true, "text": "..."}]}
Offsets are Unicode code points (Python str indices), end exclusive.
"public" is true only when the site's own pages print the value as the
business's own information (staff, business address / phone / e-mail).

Checks (nothing is written unless all pass):
  * ids are unique integers; site, lang and entity types are known
  * every span round-trips: text[start:end] == entity["text"], the span is
    non-empty, in bounds, has no surrounding whitespace/punctuation, and
    spans do not overlap
  * PERSON spans do not start with a title (Dr, Mme, Frau, Mrs...)
  * IBANs pass mod-97, CREDIT_CARDs pass Luhn, NATIONAL_IDs carry a valid
    check key (FI henkilötunnus, BE national number, PT NIF, FR NIR), EMAILs,
    PHONEs and IP addresses are well formed, DATE_OF_BIRTH has a birth cue
  * against the site's pages (../../answers/<site>/pages/*.html):
      - public=true values are printed there (PERSON: every token is a word
        of the pages, Finnish case endings allowed; EMAIL verbatim; PHONE by
        its last 8 digits; POSTAL_ADDRESS: every word is on the pages)
      - public=false EMAIL/PHONE/IBAN/POSTAL_ADDRESS values are not printed
        there, and a public=false PERSON printed verbatim on the site must be
        a customer quoted in a testimonial (TESTIMONIALS below)

Split (deterministic, by site): DEV_SITES -> dev.jsonl, the rest -> heldout.jsonl.

Usage: python3 build.py [--stats] [--no-site-check]
"""
import collections
import glob
import html
import ipaddress
import itertools
import json
import os
import re
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "messages.jsonl")
SITES_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "answers"))
DEV_SITES = ["bakery-fr", "clothing-fi", "guesthouse-en", "plumber-de"]
HELDOUT_SITES = ["bike-nl", "coworking-en", "dental-fr", "vet-de"]
TYPES = {"EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "IP_ADDRESS", "NATIONAL_ID",
         "URL", "PERSON", "DATE_OF_BIRTH", "POSTAL_ADDRESS"}
LANGS = {"en", "fr", "de", "fi", "nl", "es", "pt", "sv"}
# Customers quoted in the sites' testimonials: printed on the site, but
# still personal data (public=false).
TESTIMONIALS = {
    "coworking-en": {"Hannah"},
    "dental-fr": {"Hélène", "Thomas", "Noah", "Samira", "Pieter"},
    "guesthouse-en": {"Weber"},
    "vet-de": {"Melanie"},
}
TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "mme", "mlle", "m", "monsieur",
          "madame", "herr", "herrn", "frau", "dokter", "dhr", "mevr", "meneer",
          "mevrouw", "sr", "sra", "señor", "señora", "senhor", "senhora", "herra",
          "rouva", "oma", "opa", "familie", "famille", "family"}
BIRTH_CUES = ("born", "né le", "née le", "geboren", "geboortedatum", "syntynyt",
              "dob", "date of birth", "date de naissance")
EDGE_BAD = set(" \t\n.,;:!?()[]{}\"'«»“”„‘’-–—/")


# ---------------------------------------------------------------- validators
# The check rules are the blind set's (one implementation for both sets).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "blind"))
from build import iban_ok, luhn_ok  # noqa: E402


def fi_hetu(s):
    m = re.fullmatch(r"(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])", s)
    return bool(m) and "0123456789ABCDEFHJKLMNPRSTUVWXY"[
        int(m.group(1) + m.group(3)) % 31] == m.group(4)


def be_national(s):
    d = re.sub(r"[ .\-]", "", s)
    if not re.fullmatch(r"\d{11}", d):
        return False
    base, key = d[:9], int(d[9:])
    return 97 - int(base) % 97 == key or 97 - int("2" + base) % 97 == key


def pt_nif(s):
    d = s.replace(" ", "")
    if not re.fullmatch(r"[1-35-9]\d{8}", d):
        return False
    r = sum(int(c) * (9 - i) for i, c in enumerate(d[:8])) % 11
    return (0 if r < 2 else 11 - r) == int(d[8])


def fr_nir(s):
    d = s.replace(" ", "")
    return bool(re.fullmatch(r"[12]\d{14}", d)) and 97 - int(d[:13]) % 97 == int(d[13:])


NATIONAL_IDS = [fi_hetu, be_national, pt_nif, fr_nir]


def digits(s):
    return re.sub(r"\D", "", s)


# ---------------------------------------------------------------- site pages
class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")
        for k, v in attrs:
            if k in ("alt", "title", "content", "href") and v:
                self.parts.append(" " + v + " ")

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def site_info(site):
    files = sorted(glob.glob(os.path.join(SITES_DIR, site, "pages", "*.html")))
    if not files:
        raise SystemExit(f"no pages found for {site} under {SITES_DIR}")
    parts = []
    for f in files:
        p = _Text()
        with open(f, encoding="utf-8") as fh:
            p.feed(fh.read())
        parts.append(html.unescape("".join(p.parts)))
    text = re.sub(r"\s+", " ", " ".join(parts))
    low = text.lower()
    words = set(re.findall(r"\w+", low))
    words_cs = set(re.findall(r"\w+", text))
    phones = set()
    for m in re.finditer(r"\+?\d[\d \u00a0\-./()]{5,}\d", text):
        d = digits(m.group())
        if len(d) >= 8:
            phones.add(d[-8:])
    return {"text": text, "low": low, "words": words, "words_cs": words_cs,
            "phones": phones}


def person_on_site(name, info, case_sensitive=False):
    """True when the name is printed on the pages: verbatim, or every token is
    a word of the pages (Finnish case endings allowed: Ainolle, Mäkelän).
    case_sensitive=True (used for public=false names) keeps "Max" apart from
    "max. 4 times"."""
    text = info["text"] if case_sensitive else info["low"]
    words = info["words_cs"] if case_sensitive else info["words"]
    name = name if case_sensitive else name.lower()
    if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
        return True
    for tok in re.findall(r"\w+", name):
        if tok in words:
            continue
        if not any(tok.startswith(w) and len(w) >= 4 and len(tok) - len(w) <= 4
                   for w in words):
            return False
    return True


def name_printed(name, text):
    """The whole name appears on the pages as written, case endings of each
    token allowed ("Elina Mäkelän" -> "Elina Mäkelä")."""
    toks = name.split()
    stems = [[t] + [t[:-k] for k in range(1, 5) if len(t) - k >= 4] for t in toks]
    for combo in itertools.product(*stems):
        if re.search(r"(?<!\w)" + re.escape(" ".join(combo)) + r"(?!\w)", text):
            return True
    return False


def public_check(e, info):
    t, s = e["type"], e["text"]
    if t == "PERSON":
        return person_on_site(s, info)
    if t == "EMAIL":
        return s.lower() in info["low"]
    if t == "PHONE":
        return digits(s)[-8:] in info["phones"]
    if t == "POSTAL_ADDRESS":
        return all(w in info["words"] for w in re.findall(r"\w+", s.lower()))
    return s.lower() in info["low"]


# ---------------------------------------------------------------- checks
def check(msgs, site_check=True):
    errs = []
    seen_ids, seen_text = set(), set()
    infos = {}
    for m in msgs:
        mid = m.get("id")
        where = f"id {mid}"
        if set(m) != {"id", "site", "lang", "text", "entities"}:
            errs.append(f"{where}: unexpected keys {sorted(m)}")
        if not isinstance(mid, int) or mid in seen_ids:
            errs.append(f"{where}: id missing or duplicated")
        seen_ids.add(mid)
        site, text = m["site"], m["text"]
        if site not in DEV_SITES + HELDOUT_SITES:
            errs.append(f"{where}: unknown site {site}")
            continue
        if m["lang"] not in LANGS:
            errs.append(f"{where}: unknown lang {m['lang']}")
        if (site, text) in seen_text:
            errs.append(f"{where}: duplicate message")
        seen_text.add((site, text))
        if site_check and site not in infos:
            infos[site] = site_info(site)
        prev_end = -1
        for e in sorted(m["entities"], key=lambda e: e["start"]):
            t, a, b, s = e.get("type"), e.get("start"), e.get("end"), e.get("text")
            w = f"{where} {t} {s!r}"
            if set(e) != {"type", "start", "end", "public", "text"}:
                errs.append(f"{w}: unexpected keys {sorted(e)}")
            if t not in TYPES:
                errs.append(f"{w}: unknown type")
            if not isinstance(e.get("public"), bool):
                errs.append(f"{w}: public must be true/false")
            if not (isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(text)):
                errs.append(f"{w}: bad offsets {a}-{b}")
                continue
            if text[a:b] != s:
                errs.append(f"{w}: text[{a}:{b}] is {text[a:b]!r}")
            if s[0] in EDGE_BAD or s[-1] in EDGE_BAD:
                errs.append(f"{w}: surrounding whitespace/punctuation in span")
            if a < prev_end:
                errs.append(f"{w}: overlaps previous span")
            prev_end = b
            # type-specific shape checks
            if t == "PERSON" and s.split()[0].lower().rstrip(".") in TITLES:
                errs.append(f"{w}: title inside PERSON span")
            if t == "IBAN" and not iban_ok(s):
                errs.append(f"{w}: IBAN fails mod-97")
            if t == "CREDIT_CARD" and not luhn_ok(s):
                errs.append(f"{w}: card fails Luhn")
            if t == "NATIONAL_ID" and not any(f(s) for f in NATIONAL_IDS):
                errs.append(f"{w}: no national-id format/check key matches")
            if t == "EMAIL" and not re.fullmatch(r"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+", s):
                errs.append(f"{w}: not an e-mail address")
            if t == "PHONE" and not (re.fullmatch(r"[+(\d][\d \-./()]*\d", s)
                                     and len(digits(s)) >= 7):
                errs.append(f"{w}: not a phone number span")
            if t == "IP_ADDRESS":
                try:
                    ipaddress.ip_address(s)
                except ValueError:
                    errs.append(f"{w}: not an IP address")
            if t == "DATE_OF_BIRTH" and not (re.search(r"\d", s) and any(
                    c in text.lower() for c in BIRTH_CUES)):
                errs.append(f"{w}: date of birth without a birth cue")
            if t == "POSTAL_ADDRESS" and not re.search(r"\d", s):
                errs.append(f"{w}: address without a house number")
            # public / not public, against the site's own pages
            if site_check:
                info = infos[site]
                on_site = public_check(e, info)
                if e["public"] and not on_site:
                    errs.append(f"{w}: public=true but not printed on {site}'s pages")
                if e["public"] and t == "PERSON" and s in TESTIMONIALS.get(site, set()):
                    errs.append(f"{w}: a testimonial customer cannot be public")
                if not e["public"]:
                    if t == "PERSON":
                        # a new combination of printed tokens (visitor "Sabine Maier"
                        # vs staff Sabine Kessler and Jürgen Maier) is fine; the name
                        # itself (or a single inflected token) printed is not
                        one_token = len(re.findall(r"\w+", s)) == 1
                        printed = (name_printed(s, info["text"]) or
                                   (one_token and person_on_site(s, info, case_sensitive=True)))
                        if printed and s not in TESTIMONIALS.get(site, set()):
                            errs.append(f"{w}: public=false but printed on {site}'s "
                                        "pages and not a testimonial name")
                    elif t in ("EMAIL", "PHONE", "IBAN") and on_site:
                        errs.append(f"{w}: public=false but printed on {site}'s pages")
                    elif t == "POSTAL_ADDRESS" and re.sub(r"\W+", " ", s.lower()) in \
                            re.sub(r"\W+", " ", info["low"]):
                        errs.append(f"{w}: public=false but printed on {site}'s pages")
    return errs


# ---------------------------------------------------------------- stats
def stats(msgs):
    halves = {"dev": [m for m in msgs if m["site"] in DEV_SITES],
              "heldout": [m for m in msgs if m["site"] in HELDOUT_SITES]}
    out = []

    def ents(ms, pub=None, typ=None):
        return sum(1 for m in ms for e in m["entities"]
                   if (pub is None or e["public"] == pub) and (typ is None or e["type"] == typ))

    out.append("| site | half | messages | no entity | public entities | non-public entities |")
    out.append("|---|---|---:|---:|---:|---:|")
    for site in DEV_SITES + HELDOUT_SITES:
        ms = [m for m in msgs if m["site"] == site]
        half = "dev" if site in DEV_SITES else "heldout"
        out.append(f"| {site} | {half} | {len(ms)} | {sum(1 for m in ms if not m['entities'])} "
                   f"| {ents(ms, True)} | {ents(ms, False)} |")
    for h, ms in halves.items():
        out.append(f"| *{h}* | | {len(ms)} | {sum(1 for m in ms if not m['entities'])} "
                   f"| {ents(ms, True)} | {ents(ms, False)} |")
    out.append(f"| *all* | | {len(msgs)} | {sum(1 for m in msgs if not m['entities'])} "
               f"| {ents(msgs, True)} | {ents(msgs, False)} |")
    out.append("")
    out.append("| type | public (all) | not public (all) | dev public | dev not | heldout public | heldout not |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for t in sorted({e["type"] for m in msgs for e in m["entities"]}):
        d, h = halves["dev"], halves["heldout"]
        out.append(f"| {t} | {ents(msgs, True, t)} | {ents(msgs, False, t)} | {ents(d, True, t)} "
                   f"| {ents(d, False, t)} | {ents(h, True, t)} | {ents(h, False, t)} |")
    out.append(f"| *all* | {ents(msgs, True)} | {ents(msgs, False)} | {ents(halves['dev'], True)} "
               f"| {ents(halves['dev'], False)} | {ents(halves['heldout'], True)} "
               f"| {ents(halves['heldout'], False)} |")
    out.append("")
    kinds = collections.Counter()
    for m in msgs:
        pubs = {e["public"] for e in m["entities"]}
        kinds[("none" if not pubs else "public only" if pubs == {True}
               else "visitor data only" if pubs == {False} else "visitor data + public")] += 1
    out.append("| message kind | count |")
    out.append("|---|---:|")
    for k in ("public only", "visitor data only", "visitor data + public", "none"):
        out.append(f"| {k} | {kinds[k]} |")
    out.append("")
    langs = collections.Counter(m["lang"] for m in msgs)
    out.append("| language | messages |")
    out.append("|---|---:|")
    for l, n in langs.most_common():
        out.append(f"| {l} | {n} |")
    return "\n".join(out)


def main():
    msgs = []
    with open(SRC, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    msgs.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"messages.jsonl line {n}: {exc}")
    errs = check(msgs, site_check="--no-site-check" not in sys.argv)
    if errs:
        print("\n".join(errs), file=sys.stderr)
        raise SystemExit(f"{len(errs)} problem(s); nothing written")
    msgs.sort(key=lambda m: m["id"])
    for name, sites in (("dev.jsonl", DEV_SITES), ("heldout.jsonl", HELDOUT_SITES)):
        part = [m for m in msgs if m["site"] in sites]
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for m in part:
                f.write(json.dumps(m, ensure_ascii=False) + "\n")
        print(f"{name}: {len(part)} messages, "
              f"{sum(len(m['entities']) for m in part)} entities")
    if "--stats" in sys.argv:
        print()
        print(stats(msgs))


if __name__ == "__main__":
    main()
