"""wirenorm.toml: load and validate, with errors that name the file, the source and the key.

A bad configuration is an exception at the run level: it stops the run before any work,
because every page processed under a wrong configuration would be wrong too.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wirenorm.times import utc_day

DEFAULT_CONFIG_NAME = "wirenorm.toml"
_COMMON_KEYS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "kind": str,
    "enabled": bool,
    "cron": str,
    "interval_minutes": (int, float),
    "allow_private": bool,
    "allow_hosts": list,
}
FETCH_KEYS: dict[str, type | tuple[type, ...]] = {
    "user_agent": str,
    "min_delay": (int, float),
    "per_host": int,
    "timeout": (int, float),
    "max_bytes": int,
    "retries": int,
    "backoff": (int, float),
    "max_retry_after": (int, float),
    "max_redirects": int,
    "obey_robots": bool,
}
_RUN_KEYS: dict[str, type | tuple[type, ...]] = {
    "batch_size": int,
    "runner": str,
    "dask_address": str,
    "workers": int,
    "lock_timeout": (int, float),
}


class ConfigError(ValueError):
    """The configuration is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class Paths:
    """Every place wirenorm reads or writes, named once."""

    raw: Path  # raw pages and the WARC archive: everything a replay needs
    clean: Path  # the analysts' dataset

    @property
    def state(self) -> Path:
        """Derived indexes and crawl memory, beside the dataset (never read by analysts)."""
        return self.clean.parent / "state"

    @property
    def warc(self) -> Path:
        return self.raw / "warc"

    def warc_today(self) -> Path:
        return self.warc / utc_day()

    @property
    def crawl_state(self) -> Path:
        return self.state / "crawl.sqlite"

    @property
    def article_index(self) -> Path:
        return self.state / "articles.sqlite"

    @property
    def story_index(self) -> Path:
        return self.state / "stories.sqlite"

    @property
    def backfills(self) -> Path:
        return self.state / "backfills"

    @property
    def articles(self) -> Path:
        return self.clean / "articles"

    @property
    def rejects(self) -> Path:
        return self.clean / "rejects"

    @property
    def runs(self) -> Path:
        return self.clean / "runs"

    @property
    def stories(self) -> Path:
        return self.clean / "stories" / "stories.parquet"

    @property
    def report(self) -> Path:
        return self.clean / "report.html"


@dataclass(frozen=True)
class SourceConfig:
    id: str
    kind: str
    settings: dict[str, Any]
    enabled: bool = True
    cron: str | None = None
    interval_minutes: float | None = None
    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()

    def path(self, base: Path) -> Path:
        return (base / self.settings["path"]).resolve()

    @property
    def is_web(self) -> bool:
        from wirenorm.crawl.sources import kind_of

        return kind_of(self).web


@dataclass(frozen=True)
class Config:
    file: Path | None
    base: Path
    raw_dir: Path
    clean_dir: Path
    sources: tuple[SourceConfig, ...]
    batch_size: int = 200
    runner: str = "threads"
    dask_address: str | None = None
    workers: int = 4
    lock_timeout: float = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def source(self, source_id: str) -> SourceConfig:
        for source in self.sources:
            if source.id == source_id:
                return source
        known = ", ".join(s.id for s in self.sources) or "none"
        raise ConfigError(f"{self.where}: no source with id {source_id!r} (configured: {known})")

    @property
    def paths(self) -> Paths:
        return Paths(self.raw_dir, self.clean_dir)

    @property
    def state_dir(self) -> Path:
        return self.paths.state

    @property
    def where(self) -> str:
        return str(self.file) if self.file else "built-in defaults"


def _check(where: str, table: dict[str, Any], allowed: dict[str, Any], context: str) -> None:
    for key, value in table.items():
        if key not in allowed:
            raise ConfigError(f"{where}: {context}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
        expected = allowed[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
            raise ConfigError(f"{where}: {context}: key {key!r} must be {names}, got {value!r}")


def _source(where: str, i: int, table: Any) -> SourceConfig:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: sources[{i}] must be a table")
    sid = table.get("id")
    context = f"source {sid!r}" if sid else f"sources[{i}]"
    for key in ("id", "kind"):
        if key not in table:
            raise ConfigError(f"{where}: {context}: missing key {key!r}")
    from wirenorm.crawl.sources import registry  # the kinds declare their own keys

    kinds = registry()
    kind = table["kind"]
    if kind not in kinds:
        raise ConfigError(f"{where}: {context}: key 'kind' must be one of {', '.join(sorted(kinds))}, got {kind!r}")
    declared = kinds[kind]
    _check(where, table, {**_COMMON_KEYS, **declared.keys}, context)
    for key in declared.required:
        if key not in table:
            raise ConfigError(f"{where}: {context}: missing key {key!r} (needed by kind {kind!r})")
    settings = {k: v for k, v in table.items() if k in declared.keys}
    return SourceConfig(
        id=sid,
        kind=kind,
        settings=settings,
        enabled=table.get("enabled", True),
        cron=table.get("cron"),
        interval_minutes=table.get("interval_minutes"),
        allow_private=table.get("allow_private", False),
        allow_hosts=tuple(table.get("allow_hosts", [])),
    )


def from_dict(data: dict[str, Any], file: Path | None = None, base: Path | None = None) -> Config:
    where = str(file) if file else "built-in defaults"
    base = base or (file.parent if file else Path.cwd())
    _check(where, data, {"paths": dict, "run": dict, "sources": list, "fetch": dict}, "top level")
    paths = data.get("paths", {})
    _check(where, paths, {"raw": str, "clean": str}, "[paths]")
    run = data.get("run", {})
    _check(where, run, _RUN_KEYS, "[run]")
    if run.get("runner", "threads") not in ("threads", "dask"):
        raise ConfigError(f"{where}: [run]: key 'runner' must be 'threads' or 'dask', got {run['runner']!r}")
    if run.get("batch_size", 1) < 1:
        raise ConfigError(f"{where}: [run]: key 'batch_size' must be at least 1")
    _check(where, data.get("fetch", {}), FETCH_KEYS, "[fetch]")
    sources = tuple(_source(where, i, t) for i, t in enumerate(data.get("sources", [])))
    ids = [s.id for s in sources]
    if dupes := sorted({i for i in ids if ids.count(i) > 1}):
        raise ConfigError(f"{where}: source ids must be unique; repeated: {', '.join(dupes)}")
    return Config(
        file=file,
        base=base,
        raw_dir=(base / paths.get("raw", "data/raw")).resolve(),
        clean_dir=(base / paths.get("clean", "data/clean")).resolve(),
        sources=sources,
        batch_size=run.get("batch_size", 200),
        runner=run.get("runner", "threads"),
        dask_address=run.get("dask_address"),
        workers=run.get("workers", 4),
        lock_timeout=run.get("lock_timeout", 0),
        extra={"fetch": data.get("fetch", {})},
    )


DEFAULTS: dict[str, Any] = {
    "paths": {"raw": "data/raw", "clean": "data/clean"},
    "sources": [{"id": "samples", "kind": "files", "path": "data/raw/samples"}],
}


def load(path: Path | str | None = None, lock_timeout: float | None = None) -> Config:
    """Load a config file; with no path, ./wirenorm.toml if present, else built-in defaults.
    `lock_timeout` overrides [run] lock_timeout (the CLI's --lock-timeout)."""
    cfg = _load(path)
    return cfg if lock_timeout is None else dataclasses.replace(cfg, lock_timeout=lock_timeout)


def _load(path: Path | str | None) -> Config:
    if path is None:
        candidate = Path.cwd() / DEFAULT_CONFIG_NAME
        if not candidate.exists():
            return from_dict(DEFAULTS)
        path = candidate
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{file}: configuration file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from exc
    return from_dict(data, file=file.resolve())
