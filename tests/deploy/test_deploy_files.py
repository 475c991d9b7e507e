"""The files in deploy/ work as shipped: the timers' commands run, nginx accepts the site, the guide names them.

The app instances' unit is run by tests/deploy/test_two_instances.py and test_faults.py
(tests/deploy/services.py starts every process with the unit's own ExecStart).
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.mailserver import smtp_server

from .services import (BIN, DEPLOY, ROOT, SERVED_FROM, UNITS, debian_nginx_conf, instance_env, migrate, run_nginx, shipped_nginx_file,
                       unit_command)

TIMERS = sorted(path.stem for path in UNITS.glob("*.timer"))


def test_every_timer_starts_a_one_shot_service_of_the_same_name() -> None:
    assert TIMERS == ["digicheck-aggregates", "digicheck-konvois", "digicheck-mail", "digicheck-purge"]
    for name in TIMERS:
        timer = (UNITS / f"{name}.timer").read_text()
        assert "OnCalendar=" in timer and "Persistent=true" in timer and "WantedBy=timers.target" in timer
        service = (UNITS / f"{name}.service").read_text()
        assert "Type=oneshot" in service and "EnvironmentFile=/srv/digicheck/env" in service


def test_the_timers_commands_run_against_a_fresh_database(tmp_path: Path) -> None:
    env = instance_env(f"sqlite:///{tmp_path / 'digicheck.db'}", None, tmp_path)
    migrate(env)
    with smtp_server() as (inbox, smtp):
        env.update(smtp)
        for name in TIMERS:
            command = unit_command(f"{name}.service")
            assert command[0] == str(Path(command[0])) and Path(command[0]).name == "digicheck"
            done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, (name, done.stdout[-500:], done.stderr[-2000:])
    assert inbox.messages == []  # nothing was queued


def test_the_app_unit_runs_gunicorn_with_the_shipped_settings() -> None:
    command = unit_command("digicheck@.service", 8001)
    assert Path(command[0]).name == "gunicorn"
    assert command[1:] == ["--config", str(DEPLOY / "gunicorn.conf.py"), "--bind", "127.0.0.1:8001", "app:create_app()"]
    unit = (UNITS / "digicheck@.service").read_text()
    assert "Environment=PROMETHEUS_MULTIPROC_DIR=/run/digicheck-%i" in unit and "RuntimeDirectory=digicheck-%i" in unit


def _self_signed(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "check.example.de")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    (folder / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "privkey.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption()))
    return folder / "fullchain.pem", folder / "privkey.pem"


def test_nginx_accepts_the_shipped_site_with_https(tmp_path: Path) -> None:
    """The three files as the guide installs them, inside Debian's nginx.conf, with a certificate of the test's."""
    cert, key = _self_signed(tmp_path)
    upstream = shipped_nginx_file("digicheck-upstream.conf", tmp_path, {})
    locations = shipped_nginx_file("digicheck-locations.conf", tmp_path, {
        "/var/log/nginx/digicheck.access.log": str(tmp_path / "access.log"),
        "/var/log/nginx/digicheck.error.log": str(tmp_path / "digicheck.error.log")})
    site = shipped_nginx_file("digicheck-site.conf", tmp_path, {
        "/etc/letsencrypt/live/check.example.de/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/check.example.de/privkey.pem": str(key),
        "/etc/nginx/digicheck/digicheck-locations.conf": str(locations)})
    conf = debian_nginx_conf(tmp_path, [DEPLOY / "nginx" / "digicheck-http.conf", upstream, site], run_as_root=False)
    checked = subprocess.run(run_nginx(conf, tmp_path, "-t", "-q"), capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr


def test_the_deployment_guide_uses_exactly_the_shipped_files() -> None:
    guide = (ROOT / "docs" / "deployment.md").read_text()
    shipped = sorted(path.relative_to(ROOT).as_posix() for path in DEPLOY.rglob("*") if path.is_file())
    missing = [name for name in shipped if name not in guide]
    assert missing == [], f"docs/deployment.md does not say how to use {missing}"



def test_a_secret_left_at_the_example_value_stops_the_start(tmp_path: Path) -> None:
    """deploy/env.example's placeholders must be replaced: a site started with them would share its secrets."""
    example = (DEPLOY / "env.example").read_text()
    env = instance_env(f"sqlite:///{tmp_path / 'digicheck.db'}", None, tmp_path)
    for variable in ("SECRET_KEY", "DIGICHECK_PASSWORD_SALT", "DIGICHECK_TOTP_SECRET", "DIGICHECK_METRICS_TOKEN"):
        assert f"{variable}=change-me" in example
        started = subprocess.run([str(Path(unit_command("digicheck-purge.service")[0])), "assessments", "purge",
                                  "--dry-run"], env={**env, variable: "change-me"}, cwd=ROOT, capture_output=True,
                                 text=True, timeout=120)
        assert started.returncode != 0 and f"{variable} still holds the example value" in started.stderr, variable


def test_the_environment_file_reads_alike_in_a_shell() -> None:
    """The guide runs one-off commands with `set -a; . /srv/digicheck/env`: the example must survive sh."""
    read = subprocess.run(["sh", "-c", 'set -a; . "$0"; env', str(DEPLOY / "env.example")], capture_output=True,
                          text=True, timeout=30, env={"PATH": os.environ["PATH"]})  # nothing of digicheck
    assert read.returncode == 0 and read.stderr == "", read.stderr
    values = dict(line.split("=", 1) for line in read.stdout.splitlines() if "=" in line)
    assert values["DIGICHECK_OPERATOR_NAME"] == "Digital Hub Example e.V."
    assert values["DIGICHECK_OPERATOR_ADDRESS"] == "Musterstraße 1, 39104 Magdeburg"
    assert values["DATABASE_URL"] == "postgresql://digicheck@/digicheck?host=/var/run/postgresql"


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    """`systemd-analyze verify` on the units, their paths pointing at this checkout (and run as root, since
    the `digicheck` user exists only on the server): unknown keys, bad values, missing programs fail."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian's systemd package)")
    for unit in UNITS.iterdir():
        text = unit.read_text().replace(f"{SERVED_FROM}/.venv/bin/", f"{BIN}/").replace(SERVED_FROM, str(ROOT))
        text = text.replace("User=digicheck", "User=root").replace("Group=digicheck", "Group=root")
        text = text.replace(f"EnvironmentFile={ROOT}/env", f"EnvironmentFile={tmp_path / 'env'}")
        (tmp_path / unit.name.replace("@.", "@8001.")).write_text(text)
    (tmp_path / "env").write_text((DEPLOY / "env.example").read_text())
    units = sorted(str(path) for path in tmp_path.iterdir() if path.suffix in (".service", ".timer"))
    assert len(units) == 9
    verified = subprocess.run([analyze, "verify", "--man=no", *units], capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0 and "Unknown" not in verified.stderr, verified.stderr
