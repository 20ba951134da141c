"""The analyst recipes in docs/data-dictionary.md run against real output, and the dictionary
documents every column the code writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wirenorm import config
from wirenorm.dataset import store
from wirenorm.flows.ingest import run_ingest
from wirenorm.model import ARTICLE_SCHEMA, REJECT_SCHEMA

DICTIONARY = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
RECIPES = re.findall(r"```python\n(.*?)```", DICTIONARY, re.S)


def test_every_column_is_documented() -> None:
    documented = set(re.findall(r"^\| (\w+) \|", DICTIONARY, re.M))
    assert set(ARTICLE_SCHEMA.names) <= documented
    assert set(REJECT_SCHEMA.names) | {"run_id"} <= documented


def test_the_columns_said_to_be_running_text_are_the_ones_written_so() -> None:
    (listed,) = re.findall(r"the columns of running text \((.*?)\)", DICTIONARY, re.S)
    assert set(re.findall(r"`(\w+)`", listed)) == store.PROSE


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.conftest import SAMPLES

    root = tmp_path_factory.mktemp("docs")
    shutil.copytree(SAMPLES, root / "data" / "raw" / "samples")
    (root / "wirenorm.toml").write_text('[[sources]]\nid = "samples"\nkind = "files"\npath = "data/raw/samples"\n')
    run_ingest(config.load(root / "wirenorm.toml"))
    return root


@pytest.mark.parametrize("recipe", RECIPES, ids=["pandas", "duckdb", "polars"])
def test_recipe_runs_on_sample_output(recipe: str, sample_output: Path, monkeypatch, capsys) -> None:
    assert len(RECIPES) == 3
    monkeypatch.chdir(sample_output)
    exec(compile(recipe, "data-dictionary.md", "exec"), {})
    printed = capsys.readouterr().out
    assert printed.strip()
    assert "AFP" in printed or "Kursk" in printed or "KATHMANDU" in printed or "AP" in printed
