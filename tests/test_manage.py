"""`./manage.sh serve` serves where it says it does: PORT / --port, and the address printed is the one used.

Runs a copy of manage.sh in a scratch folder with stand-ins for the virtual environment's
`digicheck` and for `dpkg-query`, so nothing is installed and no server is started.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "manage.sh", tmp_path / "manage.sh")
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    lock = (ROOT / "requirements.lock").read_bytes()
    (tmp_path / "pyproject.toml").write_bytes(pyproject)
    (tmp_path / "requirements.lock").write_bytes(lock)
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    # What manage.sh stamps after installing from the lock: nothing is installed again.
    (tmp_path / ".venv" / ".digicheck-runtime").write_text(hashlib.sha256(pyproject + lock).hexdigest()[:16] + "\n")
    calls = tmp_path / "calls.log"
    stand_ins = {
        venv_bin / "python": "#!/bin/sh\nexit 0\n",
        venv_bin / "digicheck": f'#!/bin/sh\necho "$*" >> "{calls}"\necho "DIGICHECK_DEMO=$DIGICHECK_DEMO" >> "{calls}"\n',
        tmp_path / "fakebin" / "dpkg-query": "#!/bin/sh\necho 'install ok installed'\n",
    }
    for path, text in stand_ins.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        path.chmod(0o755)
    return tmp_path


def serve(scratch: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("PORT", "HOST", "DIGICHECK_DEMO")}
    environment["PATH"] = f"{scratch / 'fakebin'}:{environment['PATH']}"
    environment.update(env)
    return subprocess.run(["bash", str(scratch / "manage.sh"), "serve", *args], capture_output=True, text=True,
                          env=environment, timeout=60)


def run_call(scratch: Path) -> str:
    return next(line for line in (scratch / "calls.log").read_text().splitlines() if line.startswith("run "))


def test_default_address(scratch: Path) -> None:
    done = serve(scratch)
    assert done.returncode == 0, done.stderr
    assert "serving on http://localhost:5000 " in done.stdout
    assert run_call(scratch) == "run --host 127.0.0.1 --port 5000"
    assert "DIGICHECK_DEMO=1" in (scratch / "calls.log").read_text()


def test_port_from_the_environment(scratch: Path) -> None:
    done = serve(scratch, PORT="8123")
    assert done.returncode == 0, done.stderr
    assert "serving on http://localhost:8123 " in done.stdout and "5000" not in done.stdout
    assert run_call(scratch) == "run --host 127.0.0.1 --port 8123"


@pytest.mark.parametrize("args", [("--port", "8124"), ("--port=8124",), ("-p", "8124")])
def test_port_as_an_argument_is_the_one_printed(scratch: Path, args: tuple[str, ...]) -> None:
    done = serve(scratch, *args, "--reload", PORT="8000")
    assert done.returncode == 0, done.stderr
    assert "serving on http://localhost:8124 " in done.stdout
    assert run_call(scratch) == "run --host 127.0.0.1 --port 8124 --reload"


def test_a_port_that_is_not_a_number_is_refused(scratch: Path) -> None:
    done = serve(scratch, PORT="eighty")
    assert done.returncode == 2 and "not a port number: 'eighty'" in done.stderr
    assert not (scratch / "calls.log").exists()


def test_the_readme_tells_how_to_choose_the_port() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "PORT=8000 ./manage.sh serve" in readme and "./manage.sh serve --port 8000" in readme
