"""The scheduled job: all (or some) configured sources -> data/clean.

The flow only lists work, fans batches out to tasks and hands the results to the writer; every
step is a wirenorm library function, so the CLI, tests and any task runner (threads or Dask)
produce the same dataset.
"""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact

from wirenorm import batch, config
from wirenorm.config import SourceConfig
from wirenorm.sources.xmlsafe import Listed
from wirenorm.state import State


@task(name="discover-source", retries=1, retry_delay_seconds=10)
def discover_source(
    source: SourceConfig, ctx: batch.BatchContext, state_path: str
) -> tuple[list[tuple[str, Listed]], batch.BatchResult]:
    return batch.discover_web(source, ctx, state_path)


@task(name="normalize-batch", retries=1, retry_delay_seconds=5)
def normalize_batch(items: list[batch.Item], ctx: batch.BatchContext) -> batch.BatchResult:
    return batch.process_items(items, ctx)


@flow(name="wirenorm-ingest", log_prints=False)
def ingest(config_path: str | None = None, sources: list[str] | None = None, from_raw: bool = False) -> dict:
    """Discover, fetch and normalize the chosen sources (or replay the raw archive) into the dataset."""
    logger = get_run_logger()
    cfg = config.load(config_path)
    summary = batch.RunSummary(run_id=batch.new_run_id(), started_at=datetime.now(UTC))
    ctx = batch.context(cfg, summary.run_id)
    results: list[batch.BatchResult] = []
    if from_raw:
        items = batch.raw_items(cfg, sources)
    else:
        items = batch.list_items(cfg, sources)
        web = [s for s in batch.chosen_sources(cfg, sources) if s.is_web]
        state_path = str(cfg.state_dir / "crawl.sqlite")
        State(cfg.state_dir / "crawl.sqlite").close()  # create it before readers open it read-only
        listed: list[tuple[str, Listed]] = []
        for future in [discover_source.submit(s, ctx, state_path) for s in web]:
            found, docs = future.result()
            listed.extend(found)
            results.append(docs)
            summary.not_modified += docs.not_modified_documents
        summary.listed = len({item.url for _, item in listed})
        state = State(cfg.state_dir / "crawl.sqlite")
        try:
            to_fetch, skipped = batch.web_items(listed, state, [s.id for s in web])
        finally:
            state.close()
        summary.not_modified += skipped
        items += to_fetch
    summary.sources = sorted({s.id for s in batch.chosen_sources(cfg, sources)})
    batches = list(batch.chunks(items, cfg.batch_size))
    logger.info("%d items in %d batches", len(items), len(batches))
    futures = normalize_batch.map(batches, ctx=unmapped(ctx))
    results += [f.result() for f in futures]
    batch.write_run(cfg, results, summary)
    for line in summary.lines():
        logger.info(line)
    create_markdown_artifact(
        key="wirenorm-run", markdown=summary.markdown(), description=f"wirenorm run {summary.run_id}"
    )
    return {**summary.to_row(), "lines": summary.lines()}
