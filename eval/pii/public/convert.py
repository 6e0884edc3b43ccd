#!/usr/bin/env python3
"""Builds public-ner.jsonl (and its dev/heldout halves) from public, openly licensed NER corpora,
keeping only PERSON labels, in the format and conventions of the labelling guide shared/eval/pii-labels.md
(see README.md here).

The sources are read with `git show <commit>:<path>` from bare snapshots of their GitHub
repositories (default root /work/.mirror, one `<owner>+<name>/repo` git directory per repo;
change it with --mirror-root). Every source is pinned to a commit, so the output is
reproducible byte for byte:

    python3 convert.py [--mirror-root DIR] [--out-dir DIR] [--stats]

Nothing here needs a network connection or a third-party package.
"""

import argparse
import collections
import hashlib
import json
import os
import re
import subprocess
import unicodedata
import sys

# --------------------------------------------------------------------------- sources

SOURCES = {
    "en": {
        "repo": "UniversalNER/UNER_English-EWT",
        "commit": "8ed072de2fd24022cc62458997fe96a8fe191ea4",
        "paths": ["en_ewt-ud-dev.iob2", "en_ewt-ud-test.iob2"],
        "licence": "CC BY-SA 4.0",
        # UNER's "# text" lines are its tokens joined by spaces ("were n't"); the real
        # sentence text comes from UD (see from_uner_with_ud_text).
        "text_repo": "UniversalDependencies/UD_English-EWT",
        "text_commit": "15d613d8447b3478787d4c278730a1e48a945efb",
        "text_paths": ["en_ewt-ud-dev.conllu", "en_ewt-ud-test.conllu"],
    },
    "de": {
        "repo": "UniversalNER/UNER_German-PUD",
        "commit": "47eb039b6d80079b280ba70efe4136413fb7af9c",
        "paths": ["de_pud-ud-test.iob2"],
        "licence": "CC BY-SA 3.0",
        # UNER's "# text" spells out contractions ("in dem" for "im"): text from UD.
        "text_repo": "UniversalDependencies/UD_German-PUD",
        "text_commit": "ff80846ae60a0a70fc4d6251ef73e6a483a620ee",
        "text_paths": ["de_pud-ud-test.conllu"],
    },
    "pt": {
        "repo": "UniversalNER/UNER_Portuguese-Bosque",
        "commit": "f2c2ad67aed900385fbe5d655af41f439c9b3333",
        "paths": ["pt_bosque-ud-dev.iob2", "pt_bosque-ud-test.iob2"],
        "licence": "CC BY-SA 4.0",
        # UNER's "# text" lines for Bosque spell out contractions ("de o" for "do"): text from UD.
        "text_repo": "UniversalDependencies/UD_Portuguese-Bosque",
        "text_commit": "5de7ac34028ff6d1718031a4b0ae895717ed8dbe",
        "text_paths": ["pt_bosque-ud-dev.conllu", "pt_bosque-ud-test.conllu"],
    },
    "fi": {
        "repo": "TurkuNLP/turku-ner-corpus",
        "commit": "41856819d45580f1c4ce7100e75ea6b859fb75dc",
        "paths": ["data/conll/dev.tsv", "data/conll/test.tsv"],
        "text_paths": ["data/UD_Finnish-TDT/fi_tdt-ud-dev.conllu",
                       "data/UD_Finnish-TDT/fi_tdt-ud-test.conllu"],
        "licence": "CC BY-SA 4.0",
    },
    "fr": {
        "repo": "YoannDupont/WiNER-fr",
        "commit": "0fe35f0d687f27f230b550a09fed1d641a4b1601",
        "paths": ["2016/", "2017/", "2018/"],
        "licence": "texts CC BY 2.5 (Wikinews), annotations CC BY 4.0",
    },
}

# How many messages to keep per language: (with at least one PERSON, without any entity).
TARGETS = {
    "en": (650, 220),
    "fi": (550, 220),
    "fr": (600, 260),
    "de": (330, 140),
    "pt": (500, 220),
}

NAME = "public-ner"


def git_dir(root, repo):
    base = os.path.join(root, repo.replace("/", "+"), "repo")
    return os.path.join(base, ".git") if os.path.isdir(os.path.join(base, ".git")) else base


def git_show(root, repo, commit, path):
    out = subprocess.run(["git", "--git-dir", git_dir(root, repo), "show", f"{commit}:{path}"],
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def git_ls(root, repo, commit, prefix):
    out = subprocess.run(["git", "--git-dir", git_dir(root, repo), "ls-tree", "-r", "--name-only",
                          commit, prefix], capture_output=True, check=True, text=True)
    return sorted(out.stdout.split())


# --------------------------------------------------------------------------- helpers

def align(text, tokens):
    """Character span of each token in text, tokens in order, only whitespace between them.
    None if the tokens do not spell the text."""
    spans, pos = [], 0
    for tok in tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(tok, pos):
            return None
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
    if text[pos:].strip():
        return None
    return spans


def bio_spans(tags, wanted="PER"):
    """Token index ranges [i, j) of entities of type `wanted` in a BIO/IOB2 tag list."""
    out, start = [], None
    for i, tag in enumerate(tags + ["O"]):
        inside = tag == f"I-{wanted}" and start is not None
        if start is not None and not inside:
            out.append((start, i))
            start = None
        if tag == f"B-{wanted}" or (tag == f"I-{wanted}" and start is None):
            start = i
    return out


def other_entity(tags):
    return any(t != "O" and not t.endswith("-PER") for t in tags)


def read_conllu(text):
    """Sentences of a CoNLL-U file: dict(id, text, words, surface) where surface is a list of
    (form, first_word_index, last_word_index) for the orthographic tokens."""
    sents = []
    for block in text.strip("\n").split("\n\n"):
        meta, words, surface, mwt_end = {}, [], [], -1
        rows = [r for r in block.split("\n") if r]
        for row in rows:
            if row.startswith("#"):
                if " = " in row:
                    k, v = row[1:].split(" = ", 1)
                    meta[k.strip()] = v
                continue
            cols = row.split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                a, b = (int(x) for x in cols[0].split("-"))
                surface.append((cols[1], a - 1, b - 1))
                mwt_end = b
                continue
            idx = int(cols[0])
            words.append(cols[1])
            if idx > mwt_end:
                surface.append((cols[1], idx - 1, idx - 1))
        sents.append({"id": meta.get("sent_id"), "text": meta.get("text"), "words": words,
                      "surface": surface})
    return sents


def read_iob2(text):
    """UNER .iob2 files: sentences with sent_id, text, tokens, tags."""
    sents = []
    for block in text.strip("\n").split("\n\n"):
        meta, toks, tags = {}, [], []
        for row in block.split("\n"):
            if row.startswith("#"):
                if " = " in row:
                    k, v = row[1:].split(" = ", 1)
                    meta[k.strip()] = v
                continue
            cols = row.split("\t")
            toks.append(cols[1])
            tags.append(cols[2])
        sents.append({"id": meta.get("sent_id"), "doc": meta.get("newdoc id"),
                      "text": meta.get("text"), "tokens": toks, "tags": tags})
    return sents


# --------------------------------------------------------------------------- per source
# Each reader yields dicts: lang, src (source sentence id), text, persons [(s, e)],
# other (True when the source labels any other entity in it: never used as a label, only
# reported), ambiguous (True when the sentence must be skipped).

def from_uner_with_ud_text(root, lang):
    """UNER tags on syntactic words, mapped onto UD's surface tokens and real sentence text."""
    src = SOURCES[lang]
    ud = {}
    for path in src["text_paths"]:
        for s in read_conllu(git_show(root, src["text_repo"], src["text_commit"], path)):
            ud.setdefault(tuple(s["words"]), s)
    for path in src["paths"]:
        for s in read_iob2(git_show(root, src["repo"], src["commit"], path)):
            u = ud.get(tuple(s["tokens"]))
            if u is None:
                yield {"lang": lang, "src": s["id"], "text": s["text"], "skip": "no UD match"}
                continue
            forms = [f for f, _, _ in u["surface"]]
            spans = align(u["text"], forms)
            if spans is None:
                yield {"lang": lang, "src": s["id"], "text": u["text"], "skip": "unaligned"}
                continue
            # character span of every syntactic word: a contraction's words get their own
            # stretch when they spell it in order ("Bush's" = "Bush" + "'s"), else the whole token
            wspan, exact = {}, {}
            for (form, a, b), (ts, te) in zip(u["surface"], spans):
                words = u["words"][a:b + 1]
                if "".join(words) == form:
                    p = ts
                    for k, w in enumerate(words):
                        wspan[a + k], exact[a + k] = (p, p + len(w)), True
                        p += len(w)
                else:
                    for k in range(len(words)):
                        wspan[a + k], exact[a + k] = (ts, te), len(words) == 1
            persons, bad = [], False
            for i, j in bio_spans(s["tags"]):
                if not all(exact[k] for k in range(i, j)):
                    # a name inside a contraction that does not spell its words: keep it only
                    # when it covers the whole contraction
                    covered = [k for k in wspan if wspan[k] == wspan[i] or wspan[k] == wspan[j - 1]]
                    if not all(i <= k < j for k in covered):
                        bad = True
                persons.append((wspan[i][0], wspan[j - 1][1]))
            if bad:
                yield {"lang": lang, "src": s["id"], "text": u["text"], "skip": "PER inside contraction"}
                continue
            yield {"lang": lang, "src": f"{s['id']} = UD {u['id']}", "text": u["text"],
                   "persons": persons, "other": other_entity(s["tags"])}


def from_turku(root, lang="fi"):
    src = SOURCES[lang]
    for conll_path, ud_path in zip(src["paths"], src["text_paths"]):
        ner = []
        for block in git_show(root, src["repo"], src["commit"], conll_path).strip("\n").split("\n\n"):
            rows = [r.split("\t") for r in block.split("\n") if r and not r.startswith("-DOCSTART-")]
            if rows:
                ner.append(([r[0] for r in rows], [r[1] for r in rows]))
        ud = read_conllu(git_show(root, src["repo"], src["commit"], ud_path))
        if len(ner) != len(ud):
            sys.exit(f"{conll_path}: {len(ner)} sentences but {ud_path} has {len(ud)}")
        for (toks, tags), u in zip(ner, ud):
            if u["id"].startswith("j"):
                continue                        # JRC-Acquis legislation: nothing like a chat
            spans = align(u["text"], toks)
            if spans is None:
                yield {"lang": lang, "src": u["id"], "text": u["text"], "skip": "unaligned"}
                continue
            persons = [(spans[i][0], spans[j - 1][1]) for i, j in bio_spans(tags)]
            yield {"lang": lang, "src": u["id"], "text": u["text"], "persons": persons,
                   "other": other_entity(tags)}


FR_ABBREV = {"M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "St", "Ste", "av", "J.-C",
             "etc", "cf", "p", "vol", "env", "n°", "no", "art", "Me", "Mgr", "Jr", "Sr", "vs"}


def fr_sentences(par, entities):
    """Splits a paragraph into sentences: after . ! ? … (and closing quotes) followed by
    whitespace and an upper-case letter, a digit or an opening quote; never inside an
    annotation, after an initial or a known abbreviation."""
    cuts = [0]
    for m in re.finditer(r"[.!?…]+[»\"”)]*(\s+)(?=[«\"“(A-ZÀ-ÖØ-Þ0-9])", par):
        end = m.start(1)
        before = re.search(r"(\S+)[.!?…]+[»\"”)]*$", par[:end])
        word = before.group(1) if before else ""
        if par[m.start()] == "." and (word in FR_ABBREV or re.fullmatch(r"[A-ZÀ-Þ]", word)
                                     or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word)):
            continue
        if any(s < end < e or s < m.end() < e for s, e in entities):
            continue
        cuts.append(m.end())
    cuts.append(len(par))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1)]


ELISION = re.compile(r"(?:^|[\s(«\"])(?:[lLdDjJnNsScCmMtT]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’]$")


def normalise_spacing(text, spans):
    """Removes the stray spaces that the Wikinews extraction left before , and . (and leading,
    trailing or repeated spaces, and invisible format characters); returns the new text and the spans moved accordingly."""
    keep = []
    for i, ch in enumerate(text):
        if unicodedata.category(ch) == "Cf":      # zero-width and bidi marks
            continue
        if ch.isspace():
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if not keep or nxt == "" or nxt.isspace() or nxt in ",.":
                continue
            if ELISION.search(text[:i]):           # "l' Assemblée" -> "l'Assemblée"
                continue
        keep.append(i)
    new = "".join(" " if text[i].isspace() else text[i] for i in keep)
    old2new = {i: n for n, i in enumerate(keep)}
    moved = []
    for s, e in spans:
        ns = next((old2new[i] for i in range(s, e) if i in old2new), None)
        ne = next((old2new[i] + 1 for i in range(e - 1, s - 1, -1) if i in old2new), None)
        moved.append((ns, ne))
    return new, moved


def strip_format(s):
    return "".join(c for c in s if unicodedata.category(c) != "Cf")


def from_winer(root, lang="fr"):
    src = SOURCES[lang]
    files = []
    for prefix in src["paths"]:
        files += [p for p in git_ls(root, src["repo"], src["commit"], prefix) if p.endswith(".ann")]
    for ann_path in files:
        doc = git_show(root, src["repo"], src["commit"], ann_path[:-4] + ".txt")
        ents = []
        for row in git_show(root, src["repo"], src["commit"], ann_path).split("\n"):
            if not row.startswith("T"):
                continue
            _, info, surface = row.split("\t")
            typ, offs = info.split(" ", 1)
            if ";" in offs:
                continue
            s, e = (int(x) for x in offs.split())
            if strip_format(doc[s:e]) != strip_format(surface):
                sys.exit(f"{ann_path}: offsets {s}-{e} do not give {surface!r}")
            ents.append((typ, s, e))
        name = ann_path.rsplit("/", 1)[1][:-4]
        pos = 0
        for p_no, par in enumerate(doc.split("\n")):
            p0 = pos
            pos += len(par) + 1
            if not par.strip():
                continue
            p_ents = [(t, s - p0, e - p0) for t, s, e in ents if p0 <= s and e <= p0 + len(par)]
            for k, (a, b) in enumerate(fr_sentences(par, [(s, e) for _, s, e in p_ents])):
                sent = par[a:b]
                inside = [(t, s - a, e - a) for t, s, e in p_ents if a <= s and e <= b]
                persons, other, ambiguous = [], False, False
                for t, s, e in inside:
                    if t != "Person":
                        other = True
                        continue
                    outer = [u for u, s2, e2 in inside if u != "Person" and s2 <= s and e <= e2]
                    if any(s2 == s and e2 == e for u, s2, e2 in inside if u != "Person"):
                        ambiguous = True       # same span also typed Org/Loc/...: unclear
                    elif outer:
                        continue               # a name inside an organisation/place/event name
                    else:
                        persons.append((s, e))
                sent_id = f"{name}#{p_no}.{k}"
                if ambiguous:
                    yield {"lang": lang, "src": sent_id, "text": sent, "skip": "Person and other type on one span"}
                    continue
                lead = len(sent) - len(sent.lstrip())
                dateline = re.match(r"\s*\d{1,2}(?:er)? \w+ \d{4}\s*\.?\s*[–—-]\s*", sent)
                cut = dateline.end() if dateline else lead
                if any(s < cut for s, _ in persons):
                    cut = lead
                sent2 = sent[cut:]
                persons2 = [(s - cut, e - cut) for s, e in persons]
                text, moved = normalise_spacing(sent2, persons2)
                yield {"lang": lang, "src": sent_id, "text": text.strip(), "persons": moved,
                       "other": other}


# --------------------------------------------------------------------------- filters

# Things the guide labels but the source corpora do not: a sentence with any of them is left
# out, so that a correct detection can never count as a false positive.
UNLABELLED_PII = [
    ("email", re.compile(r"\S+@\S+\.\w+|\b\w+ ?(?:\(at\)|\[at\]| at | arobase ) ?\w+ ?(?:\.|dot|point) ?(?:com|org|net|fr|de|fi)\b", re.I)),
    ("url", re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|edu|gov|fr|de|fi|pt|br|uk|info|eu)\b", re.I)),
    ("number", re.compile(r"\d(?:[\s./()-]?\d){6,}")),      # phones, IBANs, ids, card numbers
    ("ip", re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b")),
    ("address", re.compile(
        r"\b\d+[a-zA-Z]?,?\s+(?:[A-ZÀ-Þ][\w'-]+\s+){0,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Lane|Ln|Way|Court|Ct|Place|Pl|Square|Highway|Hwy|Parkway)\b\.?"
        r"|\b\d+(?:\s?bis|\s?ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours)\b"
        r"|\b[\wÄÖÜäöüß-]+(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)\s+\d+"
        r"|\b[\wÄÖäö-]+(?:katu|tie|kuja|polku|väylä|raitti|kaari|rinne)\s+\d+"
        r"|\b(?:Rua|Avenida|Av\.|Travessa|Praça|Largo|Alameda|Estrada)\s+[^,.;]{2,40},?\s*(?:n\.?º\s*)?\d+", re.I)),
    ("birth", re.compile(r"\bborn\b|\bb\. \d|\bDOB\b|\bné(?:e)?\s+(?:le|en)\b|\bnaissance\b|\bgeboren\b|\bgeb\.|"
                         r"\bsyntyi|\bsyntynyt|\bs\. \d|\bnasceu\b|\bnascid[oa]\b|\bnascimento\b", re.I)),
]

TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Lady|Lord|Mme|Mlle|M|MM|Herr|Frau|Hr|Fr|Sr|Sra|Dona|Dom|Dra|"
                   r"Monsieur|Madame|Mademoiselle|Sheikh|Shaikh|Rev|Professor|Doktor|Doutor|Senhor|Senhora|rouva|herra|tohtori)\.?\s+",
                   re.I)
PARTICLE = re.compile(r"(?:de|da|do|dos|das|del|della|di|du|des|le|la|van|von|der|den|ter|zu|al|el|bin|ibn|abu|ben)[\s'’-]")
EDGE = "\"'“”‘’«»()[]{},.;:!?-–—/*_ \t\n"


def clean_span(text, s, e):
    """Strips surrounding punctuation/whitespace and a leading title from a PERSON span."""
    while s < e and text[s] in EDGE:
        s += 1
    while e > s and text[e - 1] in EDGE and not (
            text[e - 1] == "." and re.search(r"\b(?:[A-Z]|[JS]r|[js]r)\.$", text[s:e])):
        e -= 1
    m = TITLE.match(text[s:e])
    if m and m.end() < e - s:
        s += m.end()
    return s, e


def keep(rec, reasons):
    if rec.get("skip"):
        reasons[rec["skip"]] += 1
        return None
    text = rec["text"]
    if not (15 <= len(text) <= 300) or len(text.split()) < 3:
        reasons["length"] += 1
        return None
    if "\n" in text or "\t" in text:
        reasons["control characters"] += 1
        return None
    for why, rx in UNLABELLED_PII:
        if rx.search(text):
            reasons[f"unlabelled {why}"] += 1
            return None
    ents = []
    for s, e in rec["persons"]:
        if s is None or e is None:
            reasons["span lost"] += 1
            return None
        s, e = clean_span(text, s, e)
        if e <= s:
            reasons["empty span"] += 1
            return None
        name = text[s:e]
        if re.fullmatch(r"\w\.?", name):
            reasons["one-letter PER (interview P/R markers, initials)"] += 1
            return None
        if any(name.count(a) != name.count(b) for a, b in ["«»", "“”", "()", "[]"]) or name.count('"') % 2:
            reasons["PER span with an unbalanced quote"] += 1
            return None
        if not name[0].isalpha():
            reasons["PER span not starting with a letter"] += 1
            return None
        if rec["lang"] != "en" and name[0].islower() and not PARTICLE.match(name):
            # edited text: a lower-case PER is an annotation slip ("humanidade", "líbero X")
            reasons["lower-case PER in edited text"] += 1
            return None
        ents.append({"type": "PERSON", "start": s, "end": e})
    ents.sort(key=lambda x: (x["start"], x["end"]))
    for a, b in zip(ents, ents[1:]):
        if b["start"] < a["end"]:
            reasons["overlapping spans"] += 1
            return None
    return {"lang": rec["lang"], "src": rec["src"], "text": text, "entities": ents,
            "other": rec["other"]}


def rank(text):
    return hashlib.sha256(("public-ner\x00" + text).encode("utf-8")).hexdigest()


def build(root):
    readers = {"en": from_uner_with_ud_text, "de": from_uner_with_ud_text, "pt": from_uner_with_ud_text,
               "fi": from_turku, "fr": from_winer}
    chosen, report = [], {}
    seen = set()
    for lang in ["en", "fr", "de", "fi", "pt"]:
        reasons = collections.Counter()
        pos, neg = [], []
        total = 0
        for rec in readers[lang](root, lang):
            total += 1
            r = keep(rec, reasons)
            if r is None:
                continue
            if r["text"] in seen:
                reasons["duplicate"] += 1
                continue
            seen.add(r["text"])
            (pos if r["entities"] else neg).append(r)
        n_pos, n_neg = TARGETS[lang]
        pos.sort(key=lambda r: rank(r["text"]))
        neg.sort(key=lambda r: rank(r["text"]))
        picked = pos[:n_pos] + neg[:n_neg]
        report[lang] = {"sentences read": total, "usable with PERSON": len(pos),
                        "usable without": len(neg), "kept": len(picked), "dropped": dict(reasons)}
        chosen += picked
    chosen.sort(key=lambda r: (["en", "fr", "de", "fi", "pt"].index(r["lang"]), rank(r["text"])))
    for n, r in enumerate(chosen):
        r["id"] = n
        for ent in r["entities"]:
            span = r["text"][ent["start"]:ent["end"]]
            assert span == span.strip() and span[0] not in EDGE and span, (r, ent)
    return chosen, report


def is_dev(text):
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0


def line(r):
    return json.dumps({"id": r["id"], "lang": r["lang"], "text": r["text"],
                       "entities": r["entities"]}, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mirror-root", default="/work/.mirror")
    ap.add_argument("--out-dir", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--stats", action="store_true", help="print counts as Markdown tables")
    args = ap.parse_args()
    rows, report = build(args.mirror_root)
    out = {"all": f"{NAME}.jsonl", "dev": f"{NAME}.dev.jsonl", "heldout": f"{NAME}.heldout.jsonl"}
    with open(os.path.join(args.out_dir, out["all"]), "w", encoding="utf-8") as a, \
            open(os.path.join(args.out_dir, out["dev"]), "w", encoding="utf-8") as d, \
            open(os.path.join(args.out_dir, out["heldout"]), "w", encoding="utf-8") as h:
        for r in rows:
            a.write(line(r))
            (d if is_dev(r["text"]) else h).write(line(r))
    with open(os.path.join(args.out_dir, f"{NAME}.provenance.tsv"), "w", encoding="utf-8") as p:
        p.write("id\tlang\tsource_repo\tsource_sentence\tsource_has_other_entities\n")
        for r in rows:
            p.write(f"{r['id']}\t{r['lang']}\t{SOURCES[r['lang']]['repo']}\t{r['src']}\t{int(r['other'])}\n")
    print(json.dumps(report, indent=1, ensure_ascii=False), file=sys.stderr)
    if args.stats:
        stats(rows)


def stats(rows):
    langs = ["en", "fr", "de", "fi", "pt"]
    half = {"dev": [r for r in rows if is_dev(r["text"])], "heldout": [r for r in rows if not is_dev(r["text"])]}
    print("| language | messages (dev / heldout) | with PERSON (dev / heldout) | without entities (dev / heldout) | PERSON spans (dev / heldout) |")
    print("|---|---:|---:|---:|---:|")
    tot = collections.Counter()
    for lang in langs + ["all"]:
        cells = []
        for key in ["msgs", "pos", "neg", "spans"]:
            vals = []
            for h in ["dev", "heldout"]:
                rs = [r for r in half[h] if lang == "all" or r["lang"] == lang]
                v = {"msgs": len(rs), "pos": sum(1 for r in rs if r["entities"]),
                     "neg": sum(1 for r in rs if not r["entities"]),
                     "spans": sum(len(r["entities"]) for r in rs)}[key]
                vals.append(v)
            cells.append(f"{vals[0] + vals[1]} ({vals[0]} / {vals[1]})")
        print(f"| {lang} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
