"""Large WARC files are cut into parts that are read independently: same records, flat memory,
parallel batches."""

from __future__ import annotations

import gzip
import io
import itertools
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import SAMPLES
from wirenorm.config import SourceConfig
from wirenorm.crawl.archive import _first_record, read_body, read_warc, record_spans
from wirenorm.crawl.items import Item
from wirenorm.crawl.sources import ListContext
from wirenorm.crawl.sources.warc import SOURCE as WARC_SOURCE
from wirenorm.runs.batch import chunks, process_items

PAGE = next(p for p in sorted(SAMPLES.iterdir()) if p.name.startswith("101_")).read_bytes()


def write_warc(path: Path, pages: int, gzip: bool = True) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for n in range(pages):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            body = PAGE.replace(b"</p>", f" Copy number {n} of the page.</p>".encode(), 1)
            url = f"https://news.example/{n}.html"
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
            if n % 3 == 0:  # records that are not pages sit between them, as in real archives
                writer.write_record(writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"note")))


@pytest.mark.parametrize("gzipped", [True, False])
def test_parts_of_a_warc_file_hold_every_page_record_once(tmp_path: Path, gzipped: bool) -> None:
    """A gzipped file is cut by size (parts start inside records and find their first record
    themselves); an uncompressed one at record offsets. Either way every record is read once."""
    path = tmp_path / ("big.warc.gz" if gzipped else "big.warc")
    write_warc(path, 30, gzip=gzipped)
    spans = record_spans(path, 4, sample=6)
    assert len(spans) >= 6
    assert spans[0][0] == 0 and spans[-1][1] == path.stat().st_size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))  # contiguous byte ranges
    whole = [r.url for r in read_warc(path)]
    parts = [r.url for span in spans for r in read_warc(path, span=span)]
    assert parts == whole == [f"https://news.example/{n}.html" for n in range(30)]
    refs = [r.raw_ref for span in spans for r in read_warc(path, span=span)]
    assert [b"Copy number 7 " in (read_body(ref) or b"") for ref in refs].index(True) == 7


def test_a_part_starts_at_the_first_gzip_member_that_holds_a_warc_record(tmp_path: Path) -> None:
    record = io.BytesIO()
    WARCWriter(record, gzip=True).write_record(
        WARCWriter(io.BytesIO()).create_warc_record("https://news.example/1.html", "resource", payload=io.BytesIO(b"x"))
    )
    noise = b"\x1f\x8b\x08 not a member" + gzip.compress(b"a gzip member that is no WARC record")
    path = tmp_path / "synced.warc.gz"
    path.write_bytes(noise + record.getvalue())
    with open(path, "rb") as fh:
        assert _first_record(fh, 0, path.stat().st_size) == len(noise)
        assert _first_record(fh, len(noise) + 1, path.stat().st_size) is None


def test_a_warc_source_lists_parts_that_run_as_batches_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "big.warc.gz", 30)
    source = SourceConfig(id="cc", kind="warc", settings={"path": "in", "records_per_item": 4})
    items = WARC_SOURCE.list(source, ListContext(base=tmp_path)).items
    assert len(items) >= 6 and all(i.span for i in items)
    assert len({i.key for i in items}) == len(items)  # a checkpoint tells the parts apart
    batches = list(chunks(items, 200))
    assert [len(b) for b in batches] == [1] * len(items)
    result = process_items(items)
    assert len(result.articles) == 30 and not result.rejects
    assert len({a.url for a in result.articles}) == 30


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
