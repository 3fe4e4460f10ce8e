"""The README's commands work as written: every shell block that can run offline is run.

Each ```sh block of README.md and docs/*.md is split into commands. A command runs when it
is recognised as offline-safe (the `newscrawl` tools, `scrapy list`, a crawl of a mirror on
127.0.0.1) against a temporary working folder: a SQLite `newscrawl.db` filled by an offline
crawl of a synthetic Jordan Times mirror, the README's PostgreSQL URL pointed at a fresh test
database, and the `page.html` / `pages.jsonl` the extract examples name. It must exit 0 with no
traceback. Everything else is skipped with a reason (the live site, hypothetical sites, Redis
deployments, benchmarks, the test suite itself). The test fails when fewer than a dozen commands
ran, so it cannot silently test nothing after an edit of the docs.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newscrawl.sites import all_sites
from testing.jtsite import build_site
from testing.server import serve

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
JT_PAGE = ROOT / "tests" / "fixtures" / "jordantimes" / "afp-najaf.html"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
FAST = "-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=0 -s CONCURRENT_REQUESTS_PER_DOMAIN=8"
MIN_RUN = 12


@dataclass
class Command:
    source: str  # file:line
    line: str  # as written (continuations joined, comment kept out)
    env: dict[str, str]  # `export` lines of the same block before it


def shell_blocks(path: Path) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of every ```sh / ```bash / ```shell block."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start = 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fence = raw.strip()
        if current is None and re.fullmatch(r"```(sh|bash|shell)\s*", fence):
            current, start = [], number + 1
        elif current is not None and fence.startswith("```"):
            blocks.append((start, current))
            current = None
        elif current is not None:
            current.append(raw)
    return blocks


def commands(path: Path) -> list[Command]:
    out: list[Command] = []
    for start, lines in shell_blocks(path):
        env: dict[str, str] = {}
        pending, first = "", start
        for offset, raw in enumerate(lines):
            if not pending:
                first = start + offset
            pending += raw.rstrip()
            if pending.endswith("\\"):
                pending = pending[:-1] + " "
                continue
            line, pending = strip_comment(pending).strip(), ""
            words = shlex.split(line)
            if not words:
                continue
            if words[0] == "export" and "=" in words[1]:
                name, _, value = words[1].partition("=")
                env[name] = value
                continue
            out.append(Command(f"{path.name}:{first}", line, dict(env)))
    return out


def strip_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (a ``#`` after a space, outside quotes)."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i]
    return line


def hosts(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"://(?:[^@/\s]*@)?([^/:\s'\"]+)", text)}


def skip_reason(command: Command) -> str | None:
    """Why a documented command is not run here (None: run it)."""
    words = shlex.split(command.line)
    assignments: list[str] = []
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):  # `NAME=value command`
        assignments.append(words.pop(0))
    program = Path(words[0]).name
    rest = words[1:]
    for value in [*command.env.values(), *assignments]:
        if hosts(value) - LOCAL_HOSTS:
            return "a deployment's own hosts"
    if "&" in command.line.split() or command.line.endswith("&"):
        return "a background process (the test serves its own mirror)"
    if program == "make":
        return "set-up and a live crawl"
    if program == "pytest":
        return "the test suite itself"
    if program in ("python", "python3"):
        return "module entry points (Redis tools, the mirror server) are tested elsewhere"
    registered = {site.slug for site in all_sites()}
    if program == "scrapy":
        if rest[:1] == ["list"]:
            return None
        if rest[:1] == ["crawl"]:
            if len(rest) < 2 or rest[1] not in registered:
                return "a hypothetical site of the how-to"
            base = next((w for w in rest if w.startswith("base_url=")), None)
            if base is None or hosts(base) - LOCAL_HOSTS:
                return "fetches the live site"
            return None
        return "not a recognised scrapy command"
    if program != "newscrawl":
        return f"not a recognised program ({program})"
    sub = rest[0] if rest else ""
    if sub == "bench":
        return "a benchmark (minutes of CPU; benchmarks print figures)"
    if sub == "eval":
        return "needs the shared corpus"
    if sub == "queue":
        return "reads or resets the workers' shared Redis queue"
    if sub == "analyst":
        return "creates cluster-wide login roles"
    if sub in ("ingest-warc", "reextract"):
        return "reads a deployment's WARC files (tests/test_archive.py runs both on a crawl's own)"
    if (
        sub == "sites"
        and len(rest) > 1
        and not rest[1].startswith("-")
        and rest[1] not in registered
    ):
        return "a hypothetical site of the how-to"
    return None


def prepare(command: Command, mirror: str, pg_url: str) -> tuple[str, dict[str, str]]:
    """The shell line and environment to run it with, pointed at the test's mirror and databases."""
    line = re.sub(r"\s\[[^\]]*\]", "", command.line)  # optional parts: `renormalize [--dry-run]`
    line = re.sub(r"(^|\s)(?:\./)?\.venv/bin/", r"\1" + str(BIN) + "/", line)
    line = re.sub(r"base_url=http://127\.0\.0\.1:\d+\S*", f"base_url={mirror}", line)
    if re.search(r"\bscrapy crawl\b", line):
        line += f" {FAST}"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NEWSCRAWL_DATABASE_URL", "NEWSCRAWL_DEBUG")
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    for name, value in command.env.items():
        env[name] = (
            pg_url if name == "NEWSCRAWL_DATABASE_URL" and value.startswith("postgres") else value
        )
    return line, env


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A folder with a crawled ./newscrawl.db (SQLite default), page.html and pages.jsonl."""
    root = tmp_path_factory.mktemp("readme")
    mirror_root = root / "mirror"
    # A seed whose synthetic archive reaches 2025, which the examples filter on.
    for seed in range(1, 50):
        shutil.rmtree(mirror_root, ignore_errors=True)
        manifest = build_site(mirror_root, n_articles=30, per_page=10, seed=seed)
        if max(
            date.fromisoformat(str(e["published"])[:10]) for e in manifest if e.get("published")
        ) >= date(2025, 1, 1):
            break
    work = root / "work"
    work.mkdir()
    shutil.copy(JT_PAGE, work / "page.html")
    (work / "pages.jsonl").write_text(
        json.dumps(
            {
                "id": "jt",
                "url": "https://www.jordantimes.com/news/local/some-slug",
                "html_path": "page.html",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    with serve(mirror_root) as base_url:
        env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_DATABASE_URL"}
        env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
        crawl = subprocess.run(
            [str(BIN / "scrapy"), "crawl", "jordantimes", "-a", f"base_url={base_url}", *FAST.split()],
            cwd=work, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert crawl.returncode == 0, crawl.stderr[-3000:]
        yield work, base_url


def documented() -> list[Command]:
    return [command for path in DOCS for command in commands(path)]


def test_the_parser_sees_the_documented_commands() -> None:
    lines = [c.line for c in documented()]
    assert any(line.startswith((".venv/bin/newscrawl", "newscrawl")) for line in lines)
    renormalize = next(c for c in documented() if " renormalize" in c.line)
    assert "#" not in renormalize.line  # comments are not part of the command


def test_every_offline_command_of_the_docs_runs(workdir: Any, fresh_pg_url: str) -> None:
    work, mirror = workdir
    ran: list[str] = []
    failures: list[str] = []
    for command in documented():
        reason = skip_reason(command)
        if reason is not None:
            print(f"skip {command.source}: {command.line}  ({reason})")
            continue
        line, env = prepare(command, mirror, fresh_pg_url)
        result = subprocess.run(
            ["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True, timeout=300
        )
        ran.append(command.line)
        print(f"ran  {command.source}: {command.line}  -> exit {result.returncode}")
        output = result.stdout + result.stderr
        if result.returncode != 0 or "Traceback" in output:
            failures.append(
                f"{command.source}: {command.line}\n  exit {result.returncode}\n  {output[-1500:]}"
            )
    assert not failures, "\n\n".join(failures)
    assert len(ran) >= MIN_RUN, ran
