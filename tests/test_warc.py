"""Large WARC files are cut into parts that are read independently: same records, flat memory,
parallel batches."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import SAMPLES
from wirenorm.config import SourceConfig
from wirenorm.crawl.archive import read_body, read_warc, record_spans
from wirenorm.crawl.items import Item
from wirenorm.crawl.sources import ListContext
from wirenorm.crawl.sources.warc import SOURCE as WARC_SOURCE
from wirenorm.runs.batch import chunks, process_items

PAGE = next(p for p in sorted(SAMPLES.iterdir()) if p.name.startswith("101_")).read_bytes()


def write_warc(path: Path, pages: int) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            body = PAGE.replace(b"</p>", f" Copy number {n} of the page.</p>".encode(), 1)
            url = f"https://news.example/{n}.html"
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
            if n % 3 == 0:  # records that are not pages sit between them, as in real archives
                writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"note")))


def test_parts_of_a_warc_file_hold_every_page_record_once(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    write_warc(path, 10)
    spans = record_spans(path, 4)
    assert [count for _, count in spans] == [4, 4, 2]
    whole = [r.url for r in read_warc(path)]
    parts = [r.url for span in spans for r in read_warc(path, span=span)]
    assert parts == whole == [f"https://news.example/{n}.html" for n in range(10)]
    refs = [r.raw_ref for span in spans for r in read_warc(path, span=span)]
    assert [b"Copy number 7 " in (read_body(ref) or b"") for ref in refs].index(True) == 7


def test_a_warc_source_lists_parts_that_run_as_batches_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "big.warc.gz", 10)
    source = SourceConfig(id="cc", kind="warc", settings={"path": "in", "records_per_item": 4})
    items = WARC_SOURCE.list(source, ListContext(base=tmp_path)).items
    assert [i.span[1] for i in items if i.span] == [4, 4, 2]
    assert len({i.key for i in items}) == 3  # a checkpoint tells the parts apart
    batches = list(chunks(items, 200))
    assert [len(b) for b in batches] == [1, 1, 1]
    result = process_items(items)
    assert len(result.articles) == 10 and not result.rejects
    assert len({a.url for a in result.articles}) == 10


@pytest.mark.parametrize("kept", [0.1, 0.6])
def test_a_truncated_warc_file_gives_its_whole_records_and_a_reject(tmp_path: Path, kept: float) -> None:
    """A copy cut short inside its last record: the whole records become articles, and the cut one
    a reject (an unreadable header: a parse reject; a payload cut short: a read reject)."""
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, 4)
    last = [int(r.raw_ref.rpartition("#")[2]) for r in read_warc(whole)][3]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: last + int(kept * (whole.stat().st_size - last))])
    result = process_items([Item("cc", "warc", str(cut), str(tmp_path))])
    assert len(result.articles) == 3
    (reject,) = result.rejects
    assert (reject.stage, reject.message) in (("parse", "empty document"), ("read", reject.message))
    if reject.stage == "read":
        assert "truncated WARC record" in reject.message
