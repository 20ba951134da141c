"""The house plan holds: stages in their folders, nothing imports upward, plug-ins are found by
registry and checked where they are declared, Prefect only through its public API."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import wirenorm
from wirenorm import config
from wirenorm.crawl.sources import ListContext, Listing, registry
from wirenorm.model import TEMPLATE_FIELDS
from wirenorm.normalizer.sites import SiteTemplate, all_sites, check_fields

SRC = Path(wirenorm.__file__).parent
FLOWS = Path(__file__).parent.parent / "flows"
STAGES = ("crawl", "normalizer", "dataset", "runs")
# what each stage may import besides the shared core (model, config, times, _version)
ALLOWED = {
    "crawl": set(),
    "normalizer": set(),
    "dataset": set(),
    "runs": {"crawl", "normalizer", "dataset"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_only_the_core_and_the_stages_below_it(stage: str) -> None:
    bad = []
    for path in sorted((SRC / stage).rglob("*.py")):
        for module in imports_of(path):
            parts = module.split(".")
            if parts[0] != "wirenorm" or len(parts) < 2:
                continue
            other = parts[1]
            if other in ("flows", "cli") or (other in STAGES and other != stage and other not in ALLOWED[stage]):
                bad.append(f"{path.relative_to(SRC)} imports {module}")
    assert not bad


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_goes_in_and_what_comes_out(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((SRC / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc and re.search(r"\bIn:", doc) and re.search(r"\bOut:", doc), doc


def test_prefect_is_used_through_its_public_api_only() -> None:
    offenders = []
    for path in [*SRC.rglob("*.py"), *FLOWS.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for needle in ("prefect._internal", "unittest import mock", "mock.patch", "drain_all", "prefect.server.api"):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert not offenders


def test_state_paths_are_named_once() -> None:
    named = {"crawl.sqlite", "articles.sqlite", "stories.sqlite"}
    places = [
        f"{p.relative_to(SRC.parent)}: {n}"
        for p in [*SRC.rglob("*.py"), *FLOWS.glob("*.py")]
        for n in named
        if n in p.read_text(encoding="utf-8")
    ]
    assert all(place.startswith("wirenorm/config.py") for place in places), places


def test_every_source_kind_is_a_module_found_by_the_registry() -> None:
    kinds = registry()
    assert sorted(kinds) == ["feed", "files", "listing", "sitemap", "warc"]
    package = importlib.import_module("wirenorm.crawl.sources")
    modules = {i.name for i in pkgutil.iter_modules(package.__path__)}
    assert modules == {"feed", "files", "listing", "sitemap", "warc", "xmlsafe"}  # xmlsafe is a helper
    for name, kind in kinds.items():
        assert kind.kind == name and set(kind.required) <= set(kind.keys)
        assert isinstance(kind.web, bool) and callable(kind.list)


def test_configuration_is_checked_against_what_each_kind_declares() -> None:
    with pytest.raises(config.ConfigError, match=r"source 'n': unknown key 'path' \(allowed: .*link_pattern.*urls\)"):
        config.from_dict({"sources": [{"id": "n", "kind": "listing", "urls": ["https://x.test/"], "path": "p"}]})
    with pytest.raises(config.ConfigError, match="missing key 'urls' \\(needed by kind 'sitemap'\\)"):
        config.from_dict({"sources": [{"id": "s", "kind": "sitemap"}]})
    with pytest.raises(config.ConfigError, match="key 'kind' must be one of feed, files, listing, sitemap, warc"):
        config.from_dict({"sources": [{"id": "s", "kind": "ftp"}]})


def test_a_local_kind_lists_its_items_for_a_window(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text("<p>x</p>")
    (tmp_path / "pages" / "notes.md").write_text("not a page")
    cfg = config.from_dict({"sources": [{"id": "p", "kind": "files", "path": "pages"}]}, base=tmp_path)
    listing = registry()["files"].list(cfg.sources[0], ListContext(base=tmp_path))
    assert isinstance(listing, Listing)
    assert [(i.source_id, i.kind, Path(i.location).name) for i in listing.items] == [("p", "file", "a.html")]


def test_site_templates_fill_declared_fields_only() -> None:
    for site in all_sites():
        check_fields(site, site.name)  # the shipped templates pass
    typo = SiteTemplate(name="typo", title_line=r"(?P<site_nam>[A-Z][^\n]+) - (?P<headline>[^\n]+)")
    with pytest.raises(TypeError, match="named group\\(s\\) site_nam are not fields a template can fill"):
        check_fields(typo, "typo")
    assert {"site_name", "site_code", "signature", "headline"} <= TEMPLATE_FIELDS
