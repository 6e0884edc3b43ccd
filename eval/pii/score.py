#!/usr/bin/env python3
"""Scores `sotto pii scan` on a labelled set of eval/pii/ (the conventions of
../shared/eval/pii-labels.md), exactly and by overlap, per type and per language.

    cargo build --release -p sotto
    python3 eval/pii/score.py target/release/sotto eval/pii/blind/dev.jsonl

Exact: a prediction counts when a labelled entity has the same type and the same span.
Overlap: when a labelled entity of the same type overlaps it. Each labelled entity is matched
once. Also printed: the share of messages without personal data that got a redaction anyway."""

import json
import subprocess
import sys
from collections import defaultdict

TYPES = ["PERSON", "POSTAL_ADDRESS", "DATE_OF_BIRTH", "EMAIL", "PHONE", "IBAN", "CREDIT_CARD",
         "IP_ADDRESS", "NATIONAL_ID", "URL"]
CONTEXTUAL = {"PERSON", "POSTAL_ADDRESS", "DATE_OF_BIRTH"}


def scan(binary, messages):
    lines = "".join(json.dumps({"id": m["id"], "text": m["text"]}) + "\n" for m in messages)
    out = subprocess.run([binary, "pii", "scan"], input=lines, capture_output=True, text=True,
                         check=True).stdout
    found = {}
    for line in out.splitlines():
        row = json.loads(line)
        found[row["id"]] = row["entities"]
    return found


def match(gold, predicted, exact):
    """True positives: predictions matched to distinct labelled entities of their type."""
    used = set()
    hits = []
    for p in predicted:
        for i, g in enumerate(gold):
            if i in used or g["type"] != p["type"]:
                continue
            same = g["start"] == p["start"] and g["end"] == p["end"]
            overlaps = g["start"] < p["end"] and p["start"] < g["end"]
            if same if exact else overlaps:
                used.add(i)
                hits.append(p)
                break
    return hits


def f1(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def main():
    binary, path = sys.argv[1], sys.argv[2]
    messages = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    found = scan(binary, messages)
    for exact in (True, False):
        by_type = defaultdict(lambda: [0, 0, 0])
        by_lang = defaultdict(lambda: [0, 0, 0])
        for m in messages:
            gold, predicted = m["entities"], found.get(m["id"], [])
            hits = match(gold, predicted, exact)
            for t in TYPES:
                tp = sum(1 for p in hits if p["type"] == t)
                by_type[t][0] += tp
                by_type[t][1] += sum(1 for p in predicted if p["type"] == t) - tp
                by_type[t][2] += sum(1 for g in gold if g["type"] == t) - tp
            lang = by_lang[m["lang"]]
            lang[0] += len(hits)
            lang[1] += len(predicted) - len(hits)
            lang[2] += len(gold) - len(hits)
        print(f"== {'exact spans' if exact else 'overlap'}: {path} ({len(messages)} messages)")
        print(f"{'type':<16}{'labelled':>9}{'precision':>11}{'recall':>8}{'F1':>7}")
        groups = [(t, [t]) for t in TYPES] + [("contextual", sorted(CONTEXTUAL)),
                                             ("structured", [t for t in TYPES if t not in CONTEXTUAL]),
                                             ("all", TYPES)]
        for name, members in groups:
            tp, fp, fn = (sum(by_type[t][k] for t in members) for k in range(3))
            if tp + fn == 0 and fp == 0:
                continue
            p, r, f = f1(tp, fp, fn)
            print(f"{name:<16}{tp + fn:>9}{p:>11.2f}{r:>8.2f}{f:>7.2f}")
        print("by language (all types)")
        for lang in sorted(by_lang):
            tp, fp, fn = by_lang[lang]
            p, r, f = f1(tp, fp, fn)
            print(f"  {lang:<6}{tp + fn:>9}{p:>11.2f}{r:>8.2f}{f:>7.2f}")
    clean = [m for m in messages if not m["entities"]]
    flagged = sum(1 for m in clean if found.get(m["id"]))
    print(f"messages without personal data redacted anyway: {flagged}/{len(clean)}"
          f" ({100 * flagged / max(len(clean), 1):.1f} %)")


if __name__ == "__main__":
    main()
