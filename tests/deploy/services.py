"""Real processes for the deployment tests: app instances as the systemd unit starts them, nginx with
the shipped configuration, and (for the fault test) a PostgreSQL cluster and a Redis server of the
test's own. Everything listens on free loopback ports and is stopped when the test ends.
"""

from __future__ import annotations

import glob
import http.client
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_REQUIRED, REDIS_REQUIRED, ROOT, missing
from tests.mailserver import free_port

DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
SERVED_FROM = "/srv/digicheck"  # where the units expect the checkout (docs/deployment.md)
BIN = Path(sys.executable).parent  # the virtual environment's scripts: gunicorn, digicheck
METRICS_TOKEN = uuid.uuid4().hex


def unit_command(unit: str, port: int | None = None) -> list[str]:
    """The ExecStart of a shipped unit, with its paths pointing at this checkout and venv.

    Tests start processes only this way, so the units' commands are the ones the tests run.
    """
    lines = [line for line in (UNITS / unit).read_text().splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1, f"{unit}: one ExecStart"
    command = lines[0].removeprefix("ExecStart=")
    command = command.replace(f"{SERVED_FROM}/.venv/bin/", f"{BIN}/").replace(SERVED_FROM, str(ROOT))
    if port is not None:
        command = command.replace("%i", str(port))
    assert "%" not in command, command
    return shlex.split(command)


def wait_for_http(port: int, path: str = "/healthz", seconds: float = 30.0, process: subprocess.Popen[bytes] | None = None
                  ) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process for port {port} ended with {process.returncode}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", path, headers={"Host": "localhost"})
            if connection.getresponse().status < 500:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {seconds} s")


def stop(process: subprocess.Popen[bytes], seconds: float = 15.0) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Instance:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        """The gunicorn worker processes (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


@contextmanager
def app_instance(port: int, env: dict[str, str], folder: Path) -> Iterator[Instance]:
    """One instance as `systemctl start digicheck@<port>` would start it."""
    log = folder / f"gunicorn-{port}.log"
    metrics = folder / f"metrics-{port}"  # the unit's RuntimeDirectory: fresh at each start
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir()
    env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    with log.open("ab") as out:
        process = subprocess.Popen(unit_command("digicheck@.service", port), env=env, cwd=ROOT, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_http(port, process=process)
        yield Instance(port, process, log)
    finally:
        stop(process)


def instance_env(database_url: str, redis_url: str | None, folder: Path, **extra: str) -> dict[str, str]:
    """What /srv/digicheck/env holds in a real deployment (deploy/env.example), for test processes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIGICHECK_", "PROMETHEUS_"))}
    instance = folder / "instance"
    instance.mkdir(exist_ok=True)
    env.update({
        "DATABASE_URL": database_url,
        "SECRET_KEY": f"test-{uuid.uuid4().hex}",
        "DIGICHECK_PASSWORD_SALT": f"salt-{uuid.uuid4().hex}",
        "DIGICHECK_TOTP_SECRET": f"totp-{uuid.uuid4().hex}",
        "DIGICHECK_INSTANCE_PATH": str(instance),
        "DIGICHECK_TRUSTED_PROXIES": "1",
        "DIGICHECK_TRUSTED_HOSTS": "localhost,127.0.0.1",  # as deploy/env.example, with the tests' site name
        "DIGICHECK_REDIS_PREFIX": f"test-deploy-{uuid.uuid4().hex[:12]}",
        "DIGICHECK_WORKERS": "2",
        "DIGICHECK_LOG_FORMAT": "json",
        "DIGICHECK_METRICS_TOKEN": METRICS_TOKEN,
        "DIGICHECK_OPERATOR_NAME": "Test hub", "DIGICHECK_OPERATOR_ADDRESS": "Teststraße 1, 39104 Magdeburg",
        "DIGICHECK_OPERATOR_EMAIL": "datenschutz@example.org",
    })
    if redis_url:
        env["DIGICHECK_REDIS_URL"] = redis_url
    env.update(extra)
    return env


def migrate(env: dict[str, str]) -> None:
    subprocess.run([str(BIN / "digicheck"), "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    # Required with PostgreSQL (the full CI run): ./manage.sh test installs Debian's nginx.
    missing("nginx", "DIGICHECK_REQUIRE_POSTGRES", POSTGRES_REQUIRED, "" if found else "nginx is not installed")
    assert found
    return found


@dataclass
class Proxy:
    port: int
    access_log: Path
    error_log: Path


DEBIAN_NGINX = Path("/etc/nginx/nginx.conf")


def debian_nginx_conf(folder: Path, http_includes: list[Path], *, run_as_root: bool) -> Path:
    """Debian's own nginx.conf (from the nginx package) with this test's files where the guide puts them.

    Only its paths change: pid, logs and temp files go to `folder`, and the two include lines
    of conf.d/ and sites-enabled/ become `http_includes`. So a directive of ours that clashes
    with Debian's (a second `gzip on`, say) fails here as it would on a server.
    """
    if not DEBIAN_NGINX.exists():
        nginx_binary()
        pytest.fail(f"{DEBIAN_NGINX} is missing though nginx is installed")
    text = DEBIAN_NGINX.read_text()
    temp = "".join(f"\t{kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    changes = {
        "user www-data;": "user root;" if run_as_root and os.geteuid() == 0 else "",
        "worker_processes auto;": "worker_processes 1;",
        "pid /run/nginx.pid;": f"pid {folder / 'nginx.pid'};",
        "error_log /var/log/nginx/error.log;": f"error_log {folder / 'error.log'};",
        "access_log /var/log/nginx/access.log;": f"access_log {folder / 'access-default.log'};",
        "include /etc/nginx/conf.d/*.conf;": temp + "".join(f"\tinclude {path};\n" for path in http_includes),
        "include /etc/nginx/sites-enabled/*;": "",
    }
    for debian, ours in changes.items():
        assert debian in text, f"Debian's nginx.conf no longer has {debian!r}: look at tests/deploy/services.py"
        text = text.replace(debian, ours)
    conf = folder / "nginx.conf"
    conf.write_text(text)
    return conf


def shipped_nginx_file(name: str, folder: Path, changes: dict[str, str]) -> Path:
    """A copy of deploy/nginx/<name> in `folder` with the server's paths replaced (each must be there)."""
    text = (DEPLOY / "nginx" / name).read_text()
    for shipped, ours in changes.items():
        assert shipped in text, f"{name} no longer has {shipped!r}"
        text = text.replace(shipped, ours)
    (folder / name).write_text(text)
    return folder / name


def run_nginx(conf: Path, folder: Path, *args: str) -> list[str]:
    return [nginx_binary(), "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"), *args]


@contextmanager
def nginx_proxy(upstream_ports: list[int], folder: Path) -> Iterator[Proxy]:
    """nginx as its own instance (own prefix, config, pid and logs): Debian's nginx.conf with the shipped files.

    The shipped http-level file is included unchanged; the locations file gets this test's log paths,
    the upstream file this test's ports instead of 8001/8002, and a plain-HTTP server on a free port
    stands in for the site file's HTTPS one (tests/deploy/test_deploy_files.py checks that one).
    """
    prefix = folder / "nginx"
    prefix.mkdir()
    port = free_port()
    upstream = shipped_nginx_file("digicheck-upstream.conf", prefix, {
        f"127.0.0.1:{shipped} ": f"127.0.0.1:{ours} " for shipped, ours in zip(("8001", "8002"), upstream_ports, strict=True)})
    access_log = prefix / "access.log"
    locations = shipped_nginx_file("digicheck-locations.conf", prefix, {
        "/var/log/nginx/digicheck.access.log": str(access_log),
        "/var/log/nginx/digicheck.error.log": str(prefix / "digicheck.error.log")})
    site = prefix / "site.conf"
    site.write_text(f"server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n    include {locations};\n}}\n")
    conf = debian_nginx_conf(prefix, [DEPLOY / "nginx" / "digicheck-http.conf", upstream, site], run_as_root=True)
    process = subprocess.Popen(run_nginx(conf, prefix, "-g", "daemon off;"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_http(port, process=process)
        yield Proxy(port, access_log, prefix / "error.log")
    finally:
        stop(process)


@contextmanager
def fresh_postgres_database(server_url: str) -> Iterator[str]:
    """A database of its own on a running server (the app instances need one URL, no search_path)."""
    import sqlalchemy

    name = f"digicheck_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    url = sqlalchemy.engine.make_url(server_url).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def postgres_binaries() -> Path:
    found = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)), None)
    missing("PostgreSQL's server programs", "DIGICHECK_REQUIRE_POSTGRES", POSTGRES_REQUIRED,
            "" if found else "initdb and pg_ctl are not installed (Debian's postgresql)")
    assert found
    return Path(os.path.realpath(found)).parent


@dataclass
class OwnPostgres:
    """A PostgreSQL cluster of the test's own: it may be stopped and restarted without harming anyone."""

    port: int
    data: Path
    bin: Path
    log: Path

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "30", "-o",
                  f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                  "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    binaries = postgres_binaries()
    folder = Path(tempfile.mkdtemp(prefix="digicheck-pg-"))  # not under pytest's tmp: the postgres user must enter it
    folder.chmod(0o755)
    cluster = OwnPostgres(free_port(), folder / "data", binaries, folder / "postgres.log")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster._run("initdb", "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    cluster.start()
    try:
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class OwnRedis:
    port: int
    process: subprocess.Popen[bytes] | None
    folder: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the test's Redis did not start")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


@contextmanager
def own_redis(folder: Path) -> Iterator[OwnRedis]:
    installed = shutil.which("redis-server") or Path("/usr/bin/redis-server").exists()
    missing("redis-server", "DIGICHECK_REQUIRE_REDIS", REDIS_REQUIRED, "" if installed else "redis-server is not installed")
    server = OwnRedis(free_port(), None, folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
