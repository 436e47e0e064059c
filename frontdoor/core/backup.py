"""Backing the database up and restoring it: pg_dump's custom format on PostgreSQL, SQLite's
online backup API on SQLite. Each backup has a manifest beside it (`<file>.json`): the rows
of every table and the audit chain's head when it was made, so a restore can show that it
brought back what was backed up and that the audit log still verifies."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from .audit import verify_chain

# A database holding any of these rows is in use: restoring over it needs --replace.
IN_USE_TABLES = ("accounts_user", "people_person", "core_auditevent")


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Restored:
    counts: dict[str, int]
    expected: dict[str, int]
    chain_ok: bool
    chain_problem: str

    @property
    def ok(self) -> bool:
        return self.chain_ok and self.counts == self.expected


def row_counts() -> dict[str, int]:
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def default_name() -> str:
    return f"frontdoor-{connection.vendor}-{timezone.now():%Y%m%d-%H%M%S}.backup"


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on the command line
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def backup(path: Path) -> dict[str, Any]:
    """Write the backup to `path` (through a temporary file beside it, renamed at the end,
    so a failure leaves no partial backup) and its manifest; return the manifest."""
    path = path.resolve()
    handle, temporary = tempfile.mkstemp(prefix=".frontdoor-", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            args, env = _pg_args()
            _run(["pg_dump", "--format=custom", "--no-owner", "--file", temporary, *args], env)
        elif connection.vendor == "sqlite":
            with sqlite3.connect(temporary) as target:
                connection.connection.backup(target)
            target.close()
        else:
            raise BackupError(f"Cannot back up a {connection.vendor} database")
        manifest = {
            "vendor": connection.vendor,
            "made_at": timezone.now().isoformat(),
            "counts": row_counts(),
            "audit_head": verify_chain().head,
        }
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    manifest_path(path).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def in_use() -> bool:
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in IN_USE_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return True
    return False


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(manifest_path(path).read_text())
    except FileNotFoundError:
        raise BackupError(f"No manifest beside the backup: {manifest_path(path)}") from None
    except ValueError:
        raise BackupError(f"The manifest is not JSON: {manifest_path(path)}") from None
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(
            f"This is a {manifest.get('vendor')} backup; the database is {connection.vendor}"
        )
    return manifest


def _sqlite_restore(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
            source.execute("PRAGMA integrity_check").fetchone()
            connection.ensure_connection()
            source.backup(connection.connection)
        source.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The backup is not a readable SQLite database: {error}") from None


def restore(path: Path, *, replace: bool = False) -> Restored:
    """Restore the backup at `path` over this database; refused over one in use unless
    `replace`. Then count the rows and walk the audit chain."""
    if not path.exists():
        raise BackupError(f"No such backup: {path}")
    manifest = read_manifest(path)
    if in_use() and not replace:
        raise BackupError(
            "The database already holds Frontdoor's records: restoring would replace them. "
            "Give --replace if that is what you mean."
        )
    if connection.vendor == "postgresql":
        args, env = _pg_args()
        options = ["--clean", "--if-exists"] if replace else []
        _run(["pg_restore", "--no-owner", "--single-transaction", *options, *args, str(path)], env)
    else:
        _sqlite_restore(path)
    connection.close()  # read what was restored through a fresh connection
    report = verify_chain()
    return Restored(
        counts=row_counts(),
        expected={k: int(v) for k, v in manifest["counts"].items()},
        chain_ok=report.ok,
        chain_problem="" if report.ok else f"row {report.broken_at}: {report.problem}",
    )
