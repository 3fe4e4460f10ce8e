"""Helpers shared by the benchmarks: child processes measured with wait4, /proc counters, databases."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ADMIN_URL_ENV = "NEWSCRAWL_BENCH_ADMIN_URL"
DEFAULT_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
_TICKS = os.sysconf("SC_CLK_TCK")


def admin_url() -> str:
    """The PostgreSQL server benchmark databases are created on (the tests' one by default)."""
    return (
        os.environ.get(ADMIN_URL_ENV)
        or os.environ.get("NEWSCRAWL_TEST_ADMIN_URL")
        or DEFAULT_ADMIN_URL
    )


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured child: no inherited newscrawl/Scrapy configuration."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("NEWSCRAWL_", "SCRAPY_")) or k == ADMIN_URL_ENV
    }
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    env.update(extra or {})
    return env


@dataclass
class Finished:
    """A child process that ran to its end (or was killed at the time limit)."""

    returncode: int
    wall_seconds: float
    cpu_seconds: float
    maxrss_kb: int
    stderr: str
    timed_out: bool = False


def run_measured(
    cmd: Sequence[str], *, cwd: Path, env: Mapping[str, str], timeout: float
) -> Finished:
    """Run ``cmd`` and collect its own resource usage (``wait4``), not that of our other children."""
    err_path = cwd / f".stderr-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    with open(err_path, "wb") as err:
        process = subprocess.Popen(
            list(cmd), cwd=cwd, env=dict(env), stdout=subprocess.DEVNULL, stderr=err
        )
    timed_out = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            timed_out = True
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from reaping again
    wall = time.monotonic() - started
    stderr = err_path.read_text(errors="replace")
    err_path.unlink(missing_ok=True)
    return Finished(
        process.returncode,
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss,
        stderr,
        timed_out,
    )


def _stat(path: Path) -> tuple[str, list[str]] | None:
    """(command name, the fields after it) of a ``/proc/PID/stat`` file; None when it is gone."""
    try:
        text = path.read_text()
    except OSError:
        return None
    name, _, rest = text.partition("(")[2].rpartition(")")
    return name, rest.split()


def _cpu(fields: list[str], first: int = 11) -> float:
    """utime + stime (fields 11, 12 after the name), or from 13 the reaped children's."""
    return (int(fields[first]) + int(fields[first + 1])) / _TICKS


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU a live process has used so far (``/proc/PID/stat``)."""
    stat = _stat(Path(f"/proc/{pid}/stat"))
    return 0.0 if stat is None else _cpu(stat[1])


def postgres_cpu_seconds() -> float:
    """CPU the local PostgreSQL server has used so far: its live processes plus what the
    postmaster has reaped (a finished connection's backend), read from ``/proc``.

    Only meaningful for a server on this machine; 0.0 where ``/proc`` shows none.
    """
    total = 0.0
    for path in Path("/proc").glob("[0-9]*/stat"):
        stat = _stat(path)
        if stat is None or not stat[0].startswith("postgres"):
            continue
        fields = stat[1]
        total += _cpu(fields)
        if _comm(fields[1]) != "postgres":  # the postmaster: add its reaped children
            total += _cpu(fields, 13)
    return total


class DatabaseCpu:
    """CPU used by the PostgreSQL server processes working for one database, sampled from
    ``/proc`` in a background thread (backends and autovacuum workers name their database in
    their command line). The server's shared processes (WAL writer, checkpointer) and other
    databases' backends are left out: on a shared machine they are other people's work.
    A backend's last ``interval`` of CPU before it exits may be missed.
    """

    def __init__(self, database: str, interval: float = 0.05) -> None:
        import threading

        self.marker = f" {database} "
        self.interval = interval
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _scan(self, known: set[int], others: set[int]) -> None:
        for path in Path("/proc").iterdir():
            if not path.name.isdigit():
                continue
            pid = int(path.name)
            if pid in known or pid in others:
                continue
            try:
                cmdline = (
                    (path / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                )
            except OSError:
                continue
            if cmdline.startswith("postgres: ") and self.marker in cmdline + " ":
                known.add(pid)
            elif "postgres" not in cmdline:
                # A new backend shows the postmaster's command line until it has set its
                # own (with the database's name): server processes are looked at again.
                others.add(pid)

    def _run(self) -> None:
        known: set[int] = set()
        others: set[int] = set()
        ticks = 0
        while not self._stop.is_set():
            if ticks % 5 == 0:
                self._scan(known, others)
            ticks += 1
            for pid in list(known):
                stat = _stat(Path(f"/proc/{pid}/stat"))
                if stat is None:
                    known.discard(pid)
                    continue
                self.seen[pid] = _cpu(stat[1])
            self._stop.wait(self.interval)

    def __enter__(self) -> DatabaseCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def _comm(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, summed over its cores."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    total = sum(values[:8])
    return (total - idle) / _TICKS, total / _TICKS


def median(values: Iterable[float]) -> float:
    items = [v for v in values if v is not None]
    return statistics.median(items) if items else float("nan")


def create_pg_database(prefix: str = "newscrawl_bench") -> str:
    """An empty PostgreSQL database of its own; returns its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = create_engine(
        admin_url(), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return make_url(admin_url()).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    engine = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def count_articles(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    finally:
        engine.dispose()


def postgres_available() -> str | None:
    """None when the benchmark server answers, else the reason it does not."""
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url(), connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        engine.dispose()
    return None


def say(message: str) -> None:
    """Progress goes to stderr; the figures go to stdout."""
    print(message, file=sys.stderr, flush=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain text table (right-aligned numbers), printable and pasteable into Markdown."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "| "
            + " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
            + " |"
        )
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
