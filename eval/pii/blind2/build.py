#!/usr/bin/env python3
"""Converts this folder's annotated.txt into dev.jsonl and heldout.jsonl with the first blind
set's converter (../blind/build.py): the same checks (check keys of every IBAN, card and
national id; spans that give back their text; no duplicates), the same split by a hash of the
text, the same JSON Lines format.

Usage: python3 build.py [--stats]
"""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "blind_build", os.path.join(HERE, "..", "blind", "build.py"))
BLIND_BUILD = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(BLIND_BUILD)

if __name__ == "__main__":
    BLIND_BUILD.main(HERE)
