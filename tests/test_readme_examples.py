"""Every code block of the README is run, or says why not. The "Examples" section runs as one
bash script, as a reader pastes it: its first block loads the real 2020 lists into their own
folder, and each block's output must be what the README shows below it. A block elsewhere is
run on the demo warehouse when marked `<!-- readme-test: demo -->`, or skipped with its
reason when marked `<!-- readme-test: skip: <reason> -->` (network, PostgreSQL, a server);
an unmarked block fails this test."""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from orchestration.settings import isolated_environment
from tests.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"
EXAMPLES_SECTION = "Examples"
# The folder the Examples load the real lists into; the test gives them a folder of its own.
EXAMPLES_FOLDER = "/tmp/real2020"
CODE_LANGUAGES = ("bash", "python", "sql")
MARKER = re.compile(r"<!--\s*readme-test:\s*(demo|skip:\s*(?P<reason>\S.*?))\s*-->")
BLOCK_END = "@@readme-block-end@@"


@dataclass
class Block:
    section: str
    line: int
    language: str
    code: str
    marker: str | None = None
    skip_reason: str | None = None
    output: str | None = None  # the untagged block right after it: what it prints


def readme_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    section, marker, reason = "", None, None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            section = line[3:].strip()
        if found := MARKER.search(line):
            marker = "skip" if found.group(1).startswith("skip") else "demo"
            reason = found.group("reason")
        if line.startswith("```"):
            language = line[3:].strip()
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            body = "\n".join(lines[i + 1 : end])
            if language in CODE_LANGUAGES:
                blocks.append(Block(section, i + 1, language, body, marker, reason))
                marker, reason = None, None
            elif not language and blocks and blocks[-1].line == _previous_block_end(lines, i):
                blocks[-1].output = body
            i = end
        i += 1
    return blocks


def _previous_block_end(lines: list[str], start: int) -> int:
    """The line number (1-based) of the code block that ends right before line `start`."""
    end = start - 1
    while end >= 0 and not lines[end].strip():
        end -= 1
    if end < 0 or lines[end].strip() != "```":
        return -1  # prose between them: not its output
    opening = next(j for j in range(end - 1, -1, -1) if lines[j].startswith("```"))
    return opening + 1


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _run_bash(script: str, env: dict[str, str], timeout: int = 1500) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))


def test_every_block_is_run_or_says_why_not():
    unmarked = [
        f"README.md line {b.line} ({b.section})"
        for b in BLOCKS
        if b.section != EXAMPLES_SECTION and b.marker is None
    ]
    assert not unmarked, "mark each with <!-- readme-test: demo --> or skip: <reason>"
    examples = [b for b in BLOCKS if b.section == EXAMPLES_SECTION]
    assert len(examples) >= 6 and all(b.language == "bash" for b in examples)
    assert all(b.marker is None for b in examples)  # every example runs


def test_the_examples_print_what_the_readme_shows(tmp_path: Path):
    """The Examples section, block after block in one shell (the first defines `q`)."""
    folder = tmp_path / "real2020"
    examples = [b for b in BLOCKS if b.section == EXAMPLES_SECTION]
    script = "\n".join(
        f"{b.code.replace(EXAMPLES_FOLDER, str(folder))}\necho {BLOCK_END}" for b in examples
    )
    # The shell's own data folder must stay empty: an `export` that leaks out of the setup
    # block, or a block reading data/ instead of the Examples' folder, shows up there. (dbt's
    # target folder is the test's own, as parallel runs need; Dagster's home is the default,
    # inside the folder the block names.)
    untouched = tmp_path / "default-data"
    env = isolated_environment(untouched)
    env["DBT_TARGET_PATH"] = str(tmp_path / "dbt_target")
    del env["DAGSTER_HOME"]
    result = _run_bash(script, env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    printed = result.stdout.split(BLOCK_END + "\n")
    assert len(printed) == len(examples) + 1
    failures = []
    for block, out in zip(examples, printed, strict=False):
        if block.output is None:
            continue
        if _normalised(out) != _normalised(block.output):
            diff = difflib.unified_diff(
                _normalised(block.output).splitlines(),
                _normalised(out).splitlines(),
                "README.md",
                "printed",
                lineterm="",
            )
            failures.append(f"README.md line {block.line}:\n" + "\n".join(diff))
    assert not failures, "\n\n".join(failures)
    assert (folder / "serving" / "warehouse.duckdb").exists()
    assert not untouched.exists()


DEMO_BLOCKS = [b for b in BLOCKS if b.marker == "demo"]


@pytest.mark.parametrize("block", DEMO_BLOCKS, ids=[f"line{b.line}" for b in DEMO_BLOCKS])
def test_a_demo_block_runs_on_the_demo_warehouse(block: Block, demo_warehouse: Path):
    assert block.language == "bash"
    result = _run_bash(block.code, isolated_environment(demo_warehouse), timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip(), "the block printed nothing"
    if block.output is not None:
        assert _normalised(result.stdout) == _normalised(block.output)
