"""Nothing in the project refers to a path outside the repository.

A clone must work on any machine, and a file that names, say, a folder of the machine it
was written on (as the centre catalogue's header once did) points readers at something
they do not have. This test reads every tracked text file and fails on absolute paths
into the usual top-level folders, except for the few listed in ALLOWED with their reason.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# An absolute path into a top-level folder, not part of a URL or a longer path ("org/usr/" or "./tmp/").
ABSOLUTE = re.compile(r"(?<![\w.~/:-])/(?:work|home|root|tmp|srv|opt|var|usr|etc|mnt|media|Users)/[^\s'\"`)\]>,;]*")

# (file, path): a path this file may name, and why it is legitimately needed.
ALLOWED = {
    ("tests/browser/conftest.py", "/usr/bin/chromium"): "Debian's chromium, the documented default; DIGICHECK_CHROMIUM overrides it",
    ("tests/reports/test_radar.py", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        "the font of Debian's fonts-dejavu-core, which manage.sh installs; measured against the radar's labels",
    ("tests/reports/test_pdf.py", "/etc/passwd"): "a file the PDF renderer must refuse to fetch: test input, not a reference",
    ("tests/deploy/services.py", "/usr/lib/postgresql/*/bin/initdb"): "Debian's PostgreSQL server programs (not on PATH)",
    ("tests/test_dependencies.py", "/usr/bin/python3"): "Debian 12's own python3, which a fresh machine runs manage.sh with",
    ("manage.sh", "/usr/sbin/policy-rc.d"): "Debian's switch that keeps an installed package's service from starting",
    ("tests/deploy/services.py", "/usr/sbin"): "Debian's nginx, outside a normal user's PATH",
    ("tests/deploy/services.py", "/usr/bin/redis-server"): "Debian's redis-server when PATH lacks it",
}
# The deployment files and their guide describe the server digicheck is installed on, not this
# machine: there, paths of that server are the point (the checkout in /srv/digicheck, nginx's and
# systemd's folders). tests/deploy/ maps them onto this checkout and runs them.
TARGET_SERVER = ("/srv/digicheck", "/var/run/postgresql", "/etc/nginx/", "/etc/letsencrypt/live/check.example.de/", "/etc/systemd/system/",
                 "/var/log/nginx/", "/run/digicheck-", "/etc/digicheck/", "/var/backups/digicheck")
DESCRIBE_THE_SERVER = ("deploy/", "docs/deployment.md", "tests/deploy/")
# Shebang lines name the interpreter's usual place on every Unix (#!/usr/bin/env bash).
SHEBANG = re.compile(r"^#!/usr/bin/env \w+$")


def tracked_files() -> list[Path]:
    """The repository's files as git knows them; without git (an unpacked archive) every file but tool folders."""
    git = shutil.which("git")
    if git and (ROOT / ".git").exists():
        listed = subprocess.run([git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        return [ROOT / name for name in listed.decode().split("\0") if name]
    skipped = {".git", ".venv", "node_modules", "instance", "__pycache__", ".mypy_cache", ".pytest_cache"}
    return [p for p in ROOT.rglob("*") if p.is_file() and not skipped & set(p.relative_to(ROOT).parts)]


def outside_paths(text: str, name: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if SHEBANG.match(line):
            continue
        for match in ABSOLUTE.finditer(line):
            path = match.group(0).rstrip(".:")
            if name.startswith(DESCRIBE_THE_SERVER) and path.startswith(TARGET_SERVER):
                continue
            if (name, path) not in ALLOWED:
                found.append(f"{name}:{number}: {path}")
    return found


def test_no_file_names_a_path_outside_the_repository() -> None:
    me = Path(__file__).resolve().relative_to(ROOT).as_posix()
    problems = []
    for path in tracked_files():
        name = path.relative_to(ROOT).as_posix()
        if name == me or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary (compiled translations, images)
        problems += outside_paths(data.decode("utf-8", errors="replace"), name)
    assert problems == [], "paths outside the repository:\n" + "\n".join(problems)


def test_the_check_finds_what_it_should() -> None:
    text = "# Facts come from /work/shared/reference/FACTS.md\nsee https://example.org/usr/x and ./tmp/y\n"
    assert outside_paths(text, "x.yaml") == ["x.yaml:1: /work/shared/reference/FACTS.md"]
    assert outside_paths('CHROMIUM = "/usr/bin/chromium"', "tests/browser/conftest.py") == []
    assert outside_paths('CHROMIUM = "/usr/bin/chromium"', "app/other.py") == ["app/other.py:1: /usr/bin/chromium"]
    assert outside_paths("#!/usr/bin/env bash\nexec /tmp/h/run", "run.sh") == ["run.sh:2: /tmp/h/run"]
    assert outside_paths("ExecStart=/srv/digicheck/.venv/bin/gunicorn", "deploy/systemd/x.service") == []
    assert outside_paths("ExecStart=/work/main/.venv/bin/gunicorn", "deploy/systemd/x.service") == [
        "deploy/systemd/x.service:1: /work/main/.venv/bin/gunicorn"]
    assert outside_paths("ExecStart=/srv/digicheck/.venv/bin/gunicorn", "app/x.py") == [
        "app/x.py:1: /srv/digicheck/.venv/bin/gunicorn"]


def test_every_allowed_path_is_still_there() -> None:
    """A stale allowance would quietly permit the path in that file again later."""
    for (name, path), reason in ALLOWED.items():
        assert reason and path in (ROOT / name).read_text(encoding="utf-8"), (name, path)
