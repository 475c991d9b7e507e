"""PDF report generation time: the full check's report, warm (target: median at most 0.6 s).

Measured in the same run as a bare one-page WeasyPrint document, so the figure can be read
against what WeasyPrint costs at all on this machine. "Warm" means the app, fonts and
templates are loaded and one report was made before timing; each timed run builds the
context from the answers and renders a fresh PDF (the download cache is not used).

    .venv/bin/python benchmarks/bench_report.py
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe, pin_to_one_core  # noqa: E402

TARGET_SECONDS = 0.6
RUNS = 9
ANSWERS = ROOT / "tests" / "scoring" / "golden" / "kmu-check-average.answers.json"


def timed(work: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    pin_to_one_core()
    os.environ.setdefault("DIGICHECK_INSTANCE_PATH", tempfile.mkdtemp(prefix="digicheck-bench-"))
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    from pypdf import PdfReader  # a test dependency: run after ./manage.sh test
    from weasyprint import HTML

    from app import create_app
    from app.content import catalogue
    from app.report import ReportRequest, report_context, report_pdf

    data = json.loads(ANSWERS.read_text())
    app = create_app()
    with app.test_request_context("/"):
        q = catalogue().get(data["questionnaire"], data["version"])
        assert q is not None

        def full_report() -> bytes:
            request = ReportRequest(q, data["answers"], data["profile"], "de", date(2026, 11, 22))
            return report_pdf(report_context(request))

        def bare_page() -> bytes:
            return HTML(string="<p>Ein Absatz auf einer Seite.</p>").write_pdf()  # type: ignore[no-any-return]

        pages = len(PdfReader(io.BytesIO(full_report())).pages)
        bare_page()
        bare = timed(bare_page, RUNS)
        report = timed(full_report, RUNS)
    median = statistics.median(report)
    print(describe())
    print(f"{RUNS} warm runs each, one core")
    print(f"bare one-page WeasyPrint document: median {statistics.median(bare):.3f} s "
          f"(best {min(bare):.3f}, worst {max(bare):.3f})")
    print(f"full check's report (56 questions, {pages} pages): median {median:.3f} s "
          f"(best {min(report):.3f}, worst {max(report):.3f}) · target <= {TARGET_SECONDS} s: "
          f"{'met' if median <= TARGET_SECONDS else 'NOT met'}")
    sys.exit(0 if median <= TARGET_SECONDS else 1)


if __name__ == "__main__":
    main()
