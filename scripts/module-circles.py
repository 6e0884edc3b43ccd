#!/usr/bin/env python3
"""Fails when two source files of a crate import each other in a circle.

Reads every `crates/*/src` tree, takes the modules a file names through `crate::…` (single
paths and `use crate::{…}` groups, doc links included), and prints every strongly connected
group of more than one module. Exit status 1 when there is one. Run by `.ci/run`.
"""
import pathlib
import re
import sys


def module_name(path: pathlib.Path, root: pathlib.Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "mod":
        parts.pop()
    return "::".join(parts)


def named_paths(text: str) -> set:
    found = set(re.findall(r"crate::([a-z_]+(?:::[a-z_]+)*)", text))
    for group in re.findall(r"crate::\{([^;]*?)\};", text, re.S):
        for item in re.split(r",\s*", group):
            match = re.match(r"([a-z_]+(?:::[a-z_]+)*)", item.strip())
            if match:
                found.add(match.group(1))
    return found


def circles(root: pathlib.Path) -> list:
    modules = {module_name(p, root): p for p in root.rglob("*.rs")}
    graph = {}
    for name, path in modules.items():
        deps = set()
        for named in named_paths(path.read_text()):
            parts = named.split("::")
            for k in range(len(parts), 0, -1):
                candidate = "::".join(parts[:k])
                if candidate in modules:
                    deps.add(candidate)
                    break
        graph[name] = {
            d
            for d in deps
            if d != name
            and not name.startswith(d + "::")
            and not d.startswith(name + "::")
            and d not in ("lib", "main")
        }
    # Tarjan's strongly connected components.
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    return found


def main() -> int:
    failed = False
    for root in sorted(pathlib.Path("crates").glob("*/src")):
        for circle in circles(root):
            failed = True
            print(f"{root.parent.name}: modules import each other in a circle: {', '.join(circle)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
