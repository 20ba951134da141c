"""Runs: the crawl, the normalizer and the dataset joined into batches, and what a run reports.

In: a configuration and a run plan (sources, window, replay). Out: the dataset written and a
`RunReport` (counts, rejects by reason, per-source extraction health).

- `execute`: the run body (list, batch, write, report), given where its tasks run: Prefect's
  tasks inside a flow run, or threads of this process for a one-off run without a Prefect server;
- `batch`: items -> articles, rejects and fetch records (the unit a Prefect task runs);
- `writer`: each finished batch into the dataset and the crawl state, final story ids at the end;
- `report`: the run report, rendered for the terminal, the Prefect artifact and the runs table;
- `runners`, `server`: the Prefect task runner (threads, Dask) and the Prefect API a run reports to;
- `checkpoint`, `progress`: resumable backfills and their progress bar.

The flows in `wirenorm.flows` wrap `execute` in Prefect; nothing here imports them or Prefect's
flow machinery.
"""
