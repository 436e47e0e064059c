"""Fifty staff at once, and the database restarted under them (Locust, the field's load tool).

1. Makes a PostgreSQL cluster of its own (initdb, pg_ctl) on another port, in a temporary
   folder: never the machine's shared server, which it does not touch.
2. Migrates it and builds the demo council (`frontdoor demo --contacts N`).
3. Serves it the production way: `frontdoor serve` (gunicorn over TLS with a throwaway
   certificate, whitenoise, the task worker), with the production settings. Two-factor
   sign-in is off (FRONTDOOR_REQUIRE_MFA=false): the simulated staff have no authenticator.
4. Runs `benchmarks/load_locustfile.py` headless: 50 users for 5 minutes by default
   (consultant social workers searching and recording calls, managers, police officers
   answering checks, a dashboard reader), and halfway through restarts the cluster
   (`pg_ctl restart -m fast`, which cuts every connection).
5. Afterwards compares the client's log with the rows: every save answered as a success must
   be in the database whole; every "try again" page must have kept the typed text; and the
   service must answer again without having been restarted.

    .venv/bin/python benchmarks/load.py [--users 50] [--minutes 5] [--contacts 2000]

Locust lives in its own venv, benchmarks/.venv-load (from requirements-load.txt, made on
first use). Results go to benchmarks/results/load-<date>.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import pwd
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
LOAD_VENV = BENCHMARKS / ".venv-load"
LOCUST = LOAD_VENV / "bin" / "locust"
FRONTDOOR = ROOT / ".venv" / "bin" / "frontdoor"
PG_PORT = 55433
WEB_PORT = 8743
SAVES = ("start contact", "save contact draft", "answer check")


def ensure_locust() -> None:
    if not LOCUST.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOAD_VENV)], check=True)
        pip = [str(LOAD_VENV / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, "-r", str(BENCHMARKS / "requirements-load.txt")], check=True)


# --- a PostgreSQL cluster of the benchmark's own ----------------------------------------------


class Cluster:
    """initdb refuses to run as root: as root, the cluster belongs to the `postgres` user."""

    def __init__(self, folder: Path) -> None:
        self.data = folder / "pgdata"
        self.socket = folder
        self.log = folder / "postgres.log"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True)

    def create(self) -> None:
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "frontdoor")

    def pg_ctl(self, *action: str) -> None:
        options = f"-p {PG_PORT} -k {self.socket} -c max_connections=100"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w",
                 *action)  # fmt: skip

    def start(self) -> None:
        self.pg_ctl("start")

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{PG_PORT}/frontdoor"


# --- the service -----------------------------------------------------------------------------


def service_env(cluster: Cluster, folder: Path) -> dict[str, str]:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DATABASE_URL": cluster.url,
        "DJANGO_SECRET_KEY": "load-benchmark-only-" + "x" * 40,
        "FRONTDOOR_AUDIT_KEY": "load-benchmark-audit-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "FRONTDOOR_REQUIRE_MFA": "false",
    }


def certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def answers(url: str) -> int:
    context = ssl._create_unverified_context()  # our own throwaway certificate
    try:
        with urllib.request.urlopen(url, context=context, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while answers(url) != 200:
        if time.monotonic() > deadline:
            raise SystemExit(f"{url} did not answer in {seconds} s")
        time.sleep(0.5)


# --- afterwards ------------------------------------------------------------------------------


def check_log(log: Path, env: dict[str, str]) -> dict[str, Any]:
    """Every save the client was told succeeded, looked up in the database."""
    entries = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from frontdoor.contacts.models import Contact
    from frontdoor.safeguarding.models import AgencyCheck

    lost: list[dict[str, Any]] = []
    saved: Counter[str] = Counter()
    try_again = {"pages": 0, "kept_typed_text": 0}
    for entry in entries:
        if entry["outcome"] == "try again":
            try_again["pages"] += 1
            try_again["kept_typed_text"] += bool(entry["kept"])
            continue
        saved[entry["action"]] += 1
        if entry["action"] == "start":
            found = Contact.objects.filter(pk=entry["contact"]).exists()
        elif entry["action"] == "save contact":
            found = Contact.objects.filter(
                pk=entry["contact"], concern_summary=entry["typed"]
            ).exists()
        else:
            found = AgencyCheck.objects.filter(pk=entry["check"], answer=entry["typed"]).exists()
        if not found:
            lost.append(entry)
    # a later save of the same draft replaces its summary: only the last one must stand
    last = {}
    for entry in entries:
        if entry["action"] == "save contact" and entry["outcome"] == "saved":
            last[entry["contact"]] = entry
    lost = [e for e in lost if e["action"] != "save contact" or last.get(e["contact"]) is e]
    return {"saves_answered_success": dict(saved), "lost": lost, "try_again": try_again}


def read_stats(prefix: Path) -> dict[str, Any]:
    rows = list(csv.DictReader(Path(f"{prefix}_stats.csv").read_text().splitlines()))
    actions = {
        row["Name"]: {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": float(row["50%"]),
            "p95_ms": float(row["95%"]),
            "requests_per_s": round(float(row["Requests/s"]), 2),
        }
        for row in rows
    }
    failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines()))
    errors: Counter[str] = Counter()
    for row in failures:
        errors[f"{row['Name']}: {row['Error']}"[:160]] += int(row["Occurrences"])
    return {"actions": actions, "errors": dict(errors.most_common())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--web-workers", type=int, default=5)
    parser.add_argument("--no-restart", action="store_true")
    args = parser.parse_args()
    ensure_locust()
    folder = Path(tempfile.mkdtemp(prefix="frontdoor-load-"))
    os.chmod(folder, 0o755)
    cluster = Cluster(folder)
    cluster.create()
    env = service_env(cluster, folder)
    server = None
    try:
        subprocess.run([str(FRONTDOOR), "migrate", "--noinput"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([str(FRONTDOOR), "demo", "--contacts", str(args.contacts)], env=env,
                       check=True, capture_output=True)  # fmt: skip
        cert, key = certificate(folder)
        host = f"https://127.0.0.1:{WEB_PORT}"
        server = subprocess.Popen(
            [str(FRONTDOOR), "serve", "--bind", f"127.0.0.1:{WEB_PORT}",
             "--workers", str(args.web_workers), "--certfile", str(cert), "--keyfile", str(key)],
            env=env, stdout=open(folder / "serve.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip
        wait_for(f"{host}/healthz")
        log, prefix = folder / "client.jsonl", folder / "locust"
        seconds = int(args.minutes * 60)
        locust = subprocess.Popen(
            [str(LOCUST), "-f", str(BENCHMARKS / "load_locustfile.py"), "--headless",
             "-u", str(args.users), "-r", "10", "-t", f"{seconds}s", "--host", host,
             "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
            env=os.environ | {"FRONTDOOR_LOAD_LOG": str(log)},
            stdout=open(folder / "locust.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )  # fmt: skip
        restart: dict[str, Any] = {}
        if not args.no_restart:
            time.sleep(seconds / 2)
            began = time.monotonic()
            cluster.restart()
            restart["database_down_s"] = round(time.monotonic() - began, 1)
            wait_for(f"{host}/healthz", 60)
            restart["service_answering_again_after_s"] = round(time.monotonic() - began, 1)
        locust.wait()
        after = {
            "healthz": answers(f"{host}/healthz"),
            "server_still_running": server.poll() is None,
        }
        results = {
            "date": date.today().isoformat(),
            "machine": f"{os.cpu_count()}-core {platform.machine()}, "
            f"Python {platform.python_version()}",
            "users": args.users,
            "seconds": seconds,
            "demo_contacts": args.contacts,
            "web_workers": args.web_workers,
            "restart": restart or None,
            "after": after,
            **read_stats(prefix),
            **check_log(log, env),
        }
        out = BENCHMARKS / "results" / f"load-{results['date']}.json"
        out.write_text(json.dumps(results, indent=2) + "\n")
        print(
            json.dumps(
                {k: v for k, v in results.items() if k != "lost"} | {"lost": len(results["lost"])},
                indent=2,
            )
        )
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
