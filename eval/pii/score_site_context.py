#!/usr/bin/env python3
"""Scores the exemption of a site's own public data (issue 23, item 3): messages typed on a
site, with each labelled entity marked `"public": true` when the site prints it as the
business's own (staff, address, phone, e-mail). Each site's messages are scanned twice:

- without the site (`sotto pii scan`): every entity is expected, public or not;
- with the site's pages as context (`sotto pii scan --site eval/answers/<site>/pages`): only
  the visitor's own entities are expected; a public one found is a false redaction.

    cargo build --release -p sotto
    python3 eval/pii/score_site_context.py target/release/sotto eval/pii/site-context/dev.jsonl

Printed per run: precision, recall and F1 on exact spans and by overlap (as score.py), and
for the run with the site the share of public entities left in the text and of visitor
entities wrongly left in."""

import json
import subprocess
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

from score import f1, match

SITES = Path(__file__).resolve().parent.parent / "answers"


def scan(binary, messages, site=None):
    lines = "".join(json.dumps({"id": m["id"], "text": m["text"]}) + "\n" for m in messages)
    args = [binary, "pii", "scan"]
    if site:
        language = tomllib.loads((SITES / site / "site.toml").read_text())["language"]
        args += ["--site", str(SITES / site / "pages"), "--language", language]
    out = subprocess.run(args, input=lines, capture_output=True, text=True, check=True).stdout
    return {json.loads(l)["id"]: json.loads(l)["entities"] for l in out.splitlines()}


def overlapped(entity, predicted):
    return any(p["type"] == entity["type"] and p["start"] < entity["end"]
               and entity["start"] < p["end"] for p in predicted)


def main():
    binary, path = sys.argv[1], sys.argv[2]
    messages = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    by_site = defaultdict(list)
    for m in messages:
        by_site[m["site"]].append(m)
    totals = {run: {True: [0, 0, 0], False: [0, 0, 0]} for run in ("without", "with")}
    public_left = public_all = visitor_missed = visitor_all = 0
    for site, site_messages in sorted(by_site.items()):
        for run, context in (("without", None), ("with", site)):
            found = scan(binary, site_messages, context)
            for m in site_messages:
                gold = m["entities"] if run == "without" else [
                    e for e in m["entities"] if not e["public"]]
                predicted = found.get(m["id"], [])
                for exact in (True, False):
                    hits = match(gold, predicted, exact)
                    t = totals[run][exact]
                    t[0] += len(hits)
                    t[1] += len(predicted) - len(hits)
                    t[2] += len(gold) - len(hits)
                if run == "with":
                    for e in m["entities"]:
                        if e["public"]:
                            public_all += 1
                            public_left += not overlapped(e, predicted)
                        else:
                            visitor_all += 1
                            visitor_missed += not overlapped(e, predicted)
    print(f"== {path} ({len(messages)} messages, {len(by_site)} sites)")
    print(f"{'run':<44}{'labelled':>9}{'precision':>11}{'recall':>8}{'F1':>7}")
    for run, label in (("without", "without the site, every entity"),
                       ("with", "with the site, the visitor's only")):
        for exact in (True, False):
            tp, fp, fn = totals[run][exact]
            p, r, f = f1(tp, fp, fn)
            name = f"{label} ({'exact' if exact else 'overlap'})"
            print(f"{name:<44}{tp + fn:>9}{p:>11.2f}{r:>8.2f}{f:>7.2f}")
    print(f"with the site: public entities left in the text {public_left}/{public_all}"
          f" ({100 * public_left / max(public_all, 1):.0f} %); visitor entities left in"
          f" {visitor_missed}/{visitor_all} ({100 * visitor_missed / max(visitor_all, 1):.0f} %)")


if __name__ == "__main__":
    main()
