"""`wirenorm normalize` as a user runs it: real subprocesses, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

SEED = FIXTURES / "seed" / "philadelphia-independent-kursk.txt"
AP_PAGE = FIXTURES / "wire" / "113_aeb_hostedap_sondland.html"


def wirenorm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wirenorm.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_normalize_jsonl_one_record_per_input() -> None:
    out = wirenorm("normalize", str(SEED), str(AP_PAGE), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 2
    seed, ap = records
    assert seed["url"] == SEED.resolve().as_uri()
    assert seed["agency"] == "AFP" and seed["desk_slug"] == "burs-hs/dhc" and seed["site_code"] == "PI"
    assert len(seed["paragraphs"]) == 21
    assert ap["url"].startswith("https://hosted.ap.org/")  # from the fixture's annotation header
    assert ap["headline"] == "Unpredictable Sondland faces questions about Trump, Ukraine"
    assert ap["dateline"] == "WASHINGTON (AP)"
    # schema v1 column names, in order
    from wirenorm.model import ARTICLE_SCHEMA

    assert list(seed) == ARTICLE_SCHEMA.names


def test_normalize_table_format() -> None:
    out = wirenorm("normalize", str(SEED), "--format", "table")
    assert out.returncode == 0, out.stderr
    lines = {line.split()[0]: line for line in out.stdout.splitlines() if line.strip()}
    assert "Philadelphia Independent" in lines["site_name"]
    assert "burs-hs/dhc" in lines["desk_slug"]


def test_normalize_bad_inputs_exit_nonzero_with_one_line_naming_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"   \n")
    missing = tmp_path / "missing.txt"
    out = wirenorm("normalize", str(empty), str(missing), str(SEED))
    assert out.returncode == 1
    errors = out.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0] == f"wirenorm: error: {empty}: parse: empty document"
    assert errors[1].startswith(f"wirenorm: error: {missing}: read:")
    assert len(out.stdout.splitlines()) == 1  # the good page still got its record


def test_normalize_rejects_unknown_format() -> None:
    out = wirenorm("normalize", str(SEED), "--format", "xml")
    assert out.returncode == 2
    assert "--format must be jsonl or table" in out.stderr


def test_python_api_matches_cli() -> None:
    import wirenorm as wn

    record = wn.normalize(SEED.read_text(encoding="utf-8"), url=SEED.resolve().as_uri())
    out = wirenorm("normalize", str(SEED))
    cli = json.loads(out.stdout)
    api = record.to_json_dict()
    for key in ("headline", "body", "paragraphs", "desk_slug", "signature", "removed", "content_hash"):
        assert api[key] == cli[key]


def test_python_api_raises_with_reject_on_empty_page() -> None:
    import pytest

    import wirenorm as wn

    with pytest.raises(wn.NormalizeError) as info:
        wn.normalize(b"")
    assert info.value.reject.stage == "parse"
    assert info.value.reject.message == "empty document"
