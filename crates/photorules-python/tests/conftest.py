"""Shared fixtures: the repository, the CLI built from it, and one Photorules per session.

Every test compares the package with the `photorules` CLI built from the same sources
(`cargo build -p photorules-cli`; `PHOTORULES_CLI` names another binary). A missing CLI is an
error, not a skip: a test that compares nothing proves nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, List, NamedTuple

import pytest

import photorules

REPO = Path(__file__).resolve().parents[3]
PHOTOS = REPO / "spec-tests" / "photos"
RULES = REPO / "rules"


class Run(NamedTuple):
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def cli_path() -> Path:
    given = os.environ.get("PHOTORULES_CLI")
    if given:
        return Path(given)
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "debug" / "photorules"


@pytest.fixture(scope="session")
def cli():
    path = cli_path()
    if not path.is_file():
        pytest.fail(f"the photorules CLI is not built at {path}: run `cargo build -p photorules-cli`")

    def run(*args: str) -> Run:
        done = subprocess.run(
            [str(path), "--rules", str(RULES), *args], cwd=REPO, capture_output=True, text=True, timeout=600
        )
        return Run(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture(scope="session")
def pr() -> photorules.Photorules:
    """The repository's rules and plugins, as the CLI run from the repository uses them."""
    return photorules.Photorules(RULES)


def cli_errors(stderr: str) -> List[str]:
    """The CLI's `error: …` lines without the prefix."""
    return [line[len("error: ") :] for line in stderr.splitlines() if line.startswith("error: ")]
