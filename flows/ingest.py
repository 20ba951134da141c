"""The scheduled job: all (or some) configured sources -> data/clean.

The flow only lists work, fans batches out to tasks and hands the results to the writer; every
step is a wirenorm library function, so the CLI, tests and any task runner (threads or Dask)
produce the same dataset.
"""

from __future__ import annotations

from datetime import UTC, datetime

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from wirenorm import batch, config


@task(name="normalize-batch", retries=2, retry_delay_seconds=5)
def normalize_batch(items: list[batch.Item]) -> batch.BatchResult:
    return batch.process_items(items)


@flow(name="wirenorm-ingest", log_prints=False)
def ingest(config_path: str | None = None, sources: list[str] | None = None) -> dict:
    """Normalize every item of the chosen sources and write the dataset; returns the run summary."""
    logger = get_run_logger()
    cfg = config.load(config_path)
    summary = batch.RunSummary(run_id=batch.new_run_id(), started_at=datetime.now(UTC))
    items = batch.list_items(cfg, sources)
    summary.sources = sorted({i.source_id for i in items} | set(sources or []))
    logger.info("%d items in %d sources, batches of %d", len(items), len(summary.sources), cfg.batch_size)
    futures = normalize_batch.map(list(batch.chunks(items, cfg.batch_size)))
    results = [f.result() for f in futures]
    batch.write_run(cfg, results, summary)
    for line in summary.lines():
        logger.info(line)
    create_markdown_artifact(
        key="wirenorm-run", markdown=summary.markdown(), description=f"wirenorm run {summary.run_id}"
    )
    return {**summary.to_row(), "lines": summary.lines()}
