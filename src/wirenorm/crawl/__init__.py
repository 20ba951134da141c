"""Crawling: where pages come from.

In: the configured sources (`wirenorm.toml`) and a date window. Out: `Item`s to process (files,
WARC files, URLs worth fetching) and, for each URL, a `RawPage` fetched politely and archived
under data/raw/ with a `FetchRecord` for the crawl state.

- `sources/`: one module per source kind behind the `Source` protocol (files, warc, feed, sitemap,
  listing), found by registry;
- `fetch`: polite HTTP (robots.txt, per-host delay, retries, conditional GET, safety caps);
- `archive`: the raw WARC archive every fetch is written to, so runs replay without a network;
- `state`: what the crawler remembers between runs (SQLite): validators, failures, per-source runs;
- `worklist`: a run's items: local files, web pages worth fetching, or the raw archive replayed.
"""
