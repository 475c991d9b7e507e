"""1,000 broken versions of the shipped content files: the loader reports each with file:line:col, never crashes.

Mutations of the parsed trees (a key deleted, a value of the wrong type, a huge or odd text,
a list item doubled, a condition made circular or garbled) and of the text (cut off, a
stray character, a line doubled or dropped, a tab). Seeded, so a failure names the
mutation that caused it and replays. About 10-20 s on one core.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from questionnaires import ContentError, parse_questionnaire
from questionnaires.centres import CentreCatalogue, RegionTable, _check_centres, _check_regions
from questionnaires.loader import load_document, read_text

ROOT = Path(__file__).resolve().parents[2] / "questionnaires"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's writer: ten times faster than PyYAML's own
MUTATIONS = 1000
ODD_VALUES: tuple[Any, ...] = (None, 0, -1, 10**12, 3.5, True, "", "x" * 5000, "äöü€😀", [], {}, [1, "a"],
                               {"de": None}, "show_if: ((", "a == 'b' and", "\t\n")


def _load_questionnaire(text: str, file: str) -> object:
    return parse_questionnaire(text, file)


def _load_centres(text: str, file: str) -> object:
    return load_document(text, file, CentreCatalogue, cross_check=_check_centres)


def _load_regions(text: str, file: str) -> object:
    return load_document(text, file, RegionTable, cross_check=_check_regions)


FILES: tuple[tuple[str, Callable[[str, str], object]], ...] = (
    ("quick-check.yaml", _load_questionnaire), ("kmu-check.yaml", _load_questionnaire),
    ("centres/centres.yaml", _load_centres), ("centres/regions.yaml", _load_regions))


@cache
def _original(name: str) -> tuple[str, Any]:
    text = read_text(ROOT / name)
    return text, yaml.safe_load(text)


def _places(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key or index path in the tree."""
    found = [path] if path else []
    if isinstance(tree, dict):
        for key, value in tree.items():
            found += _places(value, (*path, key))
    elif isinstance(tree, list):
        for i, value in enumerate(tree):
            found += _places(value, (*path, i))
    return found


def _parent(tree: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        tree = tree[step]
    return tree


def _mutate_tree(rng: random.Random, tree: Any) -> tuple[str, Any]:
    tree = copy.deepcopy(tree)
    path = rng.choice(_places(tree))
    parent, last = _parent(tree, path), path[-1]
    kind = rng.choice(("delete", "odd value", "double", "circular condition"))
    if kind == "delete":
        del parent[last]
    elif kind == "odd value":
        parent[last] = rng.choice(ODD_VALUES)
    elif kind == "double" and isinstance(parent, list):
        parent.insert(last, parent[last])
    else:
        conditions = [p for p in _places(tree) if p[-1] in ("show_if", "when")]
        if conditions:
            target = rng.choice(conditions)
            own = _parent(tree, target).get("id", "x")
            _parent(tree, target)[target[-1]] = rng.choice((f"{own} == 'a'", f"{own} in [", "not not not", "(" * 200))
        else:
            kind = "none found"
    return f"{kind} at {'/'.join(map(str, path))}", tree


def _mutate_text(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    at = rng.randrange(len(lines))
    kind = rng.choice(("cut", "stray", "double line", "drop line", "tab"))
    if kind == "cut":
        return f"cut at line {at + 1}", "".join(lines[:at]) + lines[at][: rng.randrange(len(lines[at]) + 1)]
    if kind == "stray":
        column = rng.randrange(len(lines[at]) + 1)
        lines[at] = lines[at][:column] + rng.choice(":[]{}&*!|>'\"%@`#-") + lines[at][column:]
    elif kind == "double line":
        lines.insert(at, lines[at])
    elif kind == "drop line":
        del lines[at]
    else:
        lines[at] = "\t" + lines[at]
    return f"{kind} at line {at + 1}", "".join(lines)


def test_a_thousand_broken_files_get_problems_with_places_and_never_a_crash() -> None:
    rng = random.Random(17)
    crashes, reported, loaded = [], 0, 0
    for n in range(MUTATIONS):
        name, load = FILES[n % len(FILES)]
        text, tree = _original(name)
        if n % 2:
            what, broken = _mutate_text(rng, text)
        else:
            what, mutated = _mutate_tree(rng, tree)
            broken = yaml.dump(mutated, Dumper=DUMPER, allow_unicode=True, sort_keys=False)
        try:
            load(broken, name)
            loaded += 1  # some mutations leave a valid file (a doubled comment line, say)
        except ContentError as error:
            reported += 1
            lines = broken.count("\n") + 2
            for problem in error.problems:
                if not (0 <= problem.line <= lines and problem.column >= 0 and str(problem).startswith(name)):
                    crashes.append(f"#{n} {name} {what}: a problem without a proper place: {problem}")
        except Exception as error:  # noqa: BLE001 (the point: anything but ContentError is a crash)
            crashes.append(f"#{n} {name} {what}: {type(error).__name__}: {error}"[:300])
    assert crashes == [], "\n".join(crashes[:20])
    assert reported > MUTATIONS // 2  # most mutations break the file, and are reported as problems
