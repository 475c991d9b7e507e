"""One line describing where a benchmark ran, printed with its figures."""

from __future__ import annotations

import os
import platform
from datetime import date


def describe() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{date.today().isoformat()} · {cpu} · {os.cpu_count()} cores · "
            f"Python {platform.python_version()} · {platform.system()} {platform.release()}")


def pin_to_one_core() -> None:
    """Measure single-core throughput, as the target is stated per core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
