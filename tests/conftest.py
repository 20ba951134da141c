"""Shared test setup: fixture paths, an isolated Prefect home, a throwaway project folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "data" / "raw" / "samples"


def pytest_configure(config: pytest.Config) -> None:
    # Prefect's local ephemeral mode, kept out of the user's ~/.prefect and quiet.
    home = Path(config.rootpath) / ".pytest_cache" / "prefect-home"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # the first start of the ephemeral server migrates its database: slow on a busy 2-core machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the bundled samples, two bad inputs and a wirenorm.toml."""
    pages = tmp_path / "data" / "raw" / "samples"
    shutil.copytree(SAMPLES, pages)
    for page in pages.iterdir():
        page.chmod(0o644)
    (pages / "empty.html").write_bytes(b"")
    (pages / "binary.html").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "wirenorm.toml").write_text(
        '[paths]\nraw = "data/raw"\nclean = "data/clean"\n\n[run]\nbatch_size = 3\n\n'
        '[[sources]]\nid = "samples"\nkind = "files"\npath = "data/raw/samples"\n',
        encoding="utf-8",
    )
    return tmp_path
