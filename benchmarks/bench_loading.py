"""Load + validate time for a generated 200-question questionnaire (target < 200 ms).

Generates a realistic file (German and English texts, help texts, every question type,
conditions, levels, actions), then times the full load: YAML parsing, schema validation,
cross-reference checks and condition compilation.

    .venv/bin/python benchmarks/bench_loading.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.machine import describe, pin_to_one_core  # noqa: E402
from questionnaires import conditions, load_questionnaire  # noqa: E402

TARGET_MS = 200
QUESTIONS = 200
DIMENSIONS = 10
RUNS = 15


def text(de: str, en: str) -> str:
    return f"{{de: '{de}', en: '{en}'}}"


def question(d: int, i: int) -> str:
    qid = f"q{d}_{i}"
    kind = ("single", "multiple", "yes_partly_no", "scale", "number")[i % 5]
    lines = [
        f"      - id: {qid}",
        f"        type: {kind}",
        f"        text: {text(f'Frage {d}.{i}: Wie gut ist dieser Ablauf digitalisiert?', f'Question {d}.{i}: How digital is this workflow?')}",
        f"        help: {text('Eine Erklärung des Begriffs in einfachen Worten.', 'An explanation of the term in plain words.')}",
        "        allow_unknown: true",
    ]
    if i % 4 == 3:
        lines.append("        show_if: industry in ['crafts', 'manufacturing'] and employees >= 10")
        lines.append("        allow_na: true")
    if kind in ("single", "multiple"):
        lines.append("        options:")
        for o, points in enumerate((0, 25, 50, 75, 100)):
            exclusive = ", exclusive: true" if kind == "multiple" and o == 0 else ""
            lines.append(f"          - {{id: o{o}, score: {points if kind == 'single' else points // 4}{exclusive}, "
                         f"text: {text(f'Antwort {o}', f'Answer {o}')}}}")
    elif kind == "scale":
        lines += ["        min: 0", "        max: 5", f"        min_label: {text('gar nicht', 'not at all')}",
                  f"        max_label: {text('voll und ganz', 'fully')}"]
    elif kind == "number":
        lines += ["        min: 0", "        max: 100", "        bands:"]
        lines += [f"          - {{from: {start}, score: {points}}}" for start, points in ((0, 0), (20, 40), (50, 70), (80, 100))]
    return "\n".join(lines)


def generate() -> str:
    per_dimension = QUESTIONS // DIMENSIONS
    out = [
        "id: generated", 'version: "1"', f"title: {text('Großer Check', 'Large check')}",
        f"description: {text('Erzeugt für den Benchmark.', 'Generated for the benchmark.')}",
        "languages: [de, en]", "estimated_minutes: 60", "profile:",
        "  - id: industry", "    type: single", f"    text: {text('Branche', 'Industry')}", "    options:",
        *[f"      - {{id: {i}, text: {text(i, i)}}}" for i in ("crafts", "manufacturing", "retail", "services")],
        "  - id: employees", "    type: number", "    integer: true", f"    text: {text('Beschäftigte', 'Employees')}",
        "dimensions:",
    ]
    for d in range(DIMENSIONS):
        out += [f"  - id: d{d}", f"    title: {text(f'Bereich {d}', f'Dimension {d}')}",
                f"    aggregation: {'minimum' if d % 3 == 2 else 'weighted_mean'}", "    questions:"]
        out += [question(d, i) for i in range(per_dimension)]
    out.append("levels:")
    bounds = [0, 20, 40, 60, 80, 100]
    for n, (low, high) in enumerate(zip(bounds, bounds[1:])):
        out.append(f"  - {{id: l{n}, min: {low}, max: {high}, title: {text(f'Stufe {n}', f'Level {n}')}, "
                   f"description: {text('Beschreibung der Stufe.', 'What the level means.')}}}")
    out.append("actions:")
    for d in range(DIMENSIONS):
        for n in range(3):
            out += [f"  - id: a{d}_{n}", f"    dimension: d{d}", "    levels: [l0, l1]", "    effort: low", "    impact: high",
                    f"    when: q{d}_0 == 'o0' or q{d}_2 != 'yes'",
                    f"    title: {text('Eine Maßnahme', 'An action')}", f"    text: {text('Was zu tun ist.', 'What to do.')}"]
    return "\n".join(out) + "\n"


def main() -> None:
    pin_to_one_core()
    content = generate()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(content, encoding="utf-8")
        questionnaire = load_questionnaire(path)  # warm-up (imports, grammar) and a validity check
        assert len(questionnaire.questions) == QUESTIONS
        timings = []
        for _ in range(RUNS):
            conditions._parse.cache_clear()  # every run parses its conditions afresh, as a first load does
            start = time.perf_counter()
            load_questionnaire(path)
            timings.append((time.perf_counter() - start) * 1000)
    median = statistics.median(timings)
    print(describe())
    print(f"load + validate a generated file: {QUESTIONS} questions, {DIMENSIONS} dimensions, "
          f"{content.count(chr(10))} lines, {len(content) // 1024} KiB, {RUNS} runs")
    print(f"median {median:.1f} ms · best {min(timings):.1f} ms · worst {max(timings):.1f} ms "
          f"· target < {TARGET_MS} ms: {'met' if median < TARGET_MS else 'NOT met'}")
    sys.exit(0 if median < TARGET_MS else 1)


if __name__ == "__main__":
    main()
