"""The raw archive: every response and every failure, as WARC files under data/raw/warc/.

WARC is what web archives and Common Crawl use, so the archive is readable by standard tools,
and `files`/`warc` sources read Common Crawl files with the same code that replays our own.
A WARC file appears under its final name only when complete (written to a temp name, then renamed).
"""

from __future__ import annotations

import io
import os
import threading
import uuid
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from wirenorm.crawl.fetch import FetchResult
from wirenorm.model import RawPage

SOURCE_HEADER = "WARC-X-Wirenorm-Source"
ERROR_HEADER = "WARC-X-Wirenorm-Error"


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcArchive:
    """Append fetch results to one WARC file; `close()` publishes it under its final name."""

    def __init__(self, directory: Path, prefix: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{prefix}-{uuid.uuid4().hex[:8]}.warc.gz"
        self.tmp = self.path.with_name("." + self.path.name + ".tmp")
        self._fh = open(self.tmp, "wb")  # noqa: SIM115 - closed in close()
        self.writer = WARCWriter(self._fh, gzip=True)
        self.records = 0
        self._lock = threading.Lock()  # fetch threads of one batch share the file

    def ref(self, offset: int) -> str:
        return f"{self.path.as_posix()}#{offset}"

    def put(self, result: FetchResult, source_id: str) -> str:
        """Write request + response (or a failure record); returns the raw_ref of the response."""
        with self._lock:
            return self._put(result, source_id)

    def _put(self, result: FetchResult, source_id: str) -> str:
        date = _iso(result.started_at)
        common = {"WARC-Date": date, SOURCE_HEADER: source_id}
        req_headers = StatusAndHeaders(
            f"GET {result.final_url} HTTP/1.1", list(result.request_headers.items()), is_http_request=True
        )
        request = self.writer.create_warc_record(
            result.final_url, "request", payload=io.BytesIO(b""), http_headers=req_headers, warc_headers_dict=common
        )
        self.writer.write_record(request)
        offset = self._fh.tell()
        if result.status is not None and result.error is None:
            http = StatusAndHeaders(f"{result.status} OK", list(result.headers.items()), protocol="HTTP/1.1")
            http.remove_header("content-encoding")  # the body is stored decoded
            http.remove_header("transfer-encoding")
            http.replace_header("content-length", str(len(result.content)))
            record = self.writer.create_warc_record(
                result.final_url,
                "response",
                payload=io.BytesIO(result.content),
                http_headers=http,
                warc_headers_dict={**common, "WARC-Target-URI": result.final_url},
            )
        else:
            text = f"{result.error_type}: {result.error}".encode()
            record = self.writer.create_warc_record(
                result.final_url,
                "metadata",
                payload=io.BytesIO(text),
                warc_content_type="text/plain",
                warc_headers_dict={**common, ERROR_HEADER: result.error or ""},
            )
        self.writer.write_record(record)
        self.records += 1
        return self.ref(offset)

    def close(self) -> Path | None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        if self.records == 0:
            self.tmp.unlink(missing_ok=True)
            return None
        os.replace(self.tmp, self.path)
        return self.path


PAGE_RECORDS = ("response", "conversion")


def _page_records(fh: BinaryIO) -> Any:
    """Page records from the file's current position, read with fastwarc (twice warcio's speed
    here: benchmarks/warc.py); warcio writes our archive."""
    from fastwarc import ArchiveIterator as FastIterator
    from fastwarc import WarcRecordType

    return FastIterator(fh, record_types=WarcRecordType.response | WarcRecordType.conversion, fsspec_args=False)


GZIP_MEMBER = b"\x1f\x8b\x08"  # a gzip member's first bytes: magic and the deflate method
SAMPLE_RECORDS = 20  # page records read to learn a file's bytes per record
_SYNC_CHUNK = 1 << 16


def record_spans(path: Path, records: int, sample: int = SAMPLE_RECORDS) -> list[tuple[int, int]]:
    """The file cut into parts of about `records` page records each, as byte ranges [start, end).

    A gzipped file (one member per record, as WARC writers and Common Crawl make them) is cut by
    size, learnt from its first `sample` records, without reading it: each part finds its first
    record itself (`_first_record`), so listing a file of any size costs one small read and every
    record is inflated once, by the batch that reads it. An uncompressed file is scanned for its
    record offsets (reading it costs no inflating). A file of at most one part is one span.
    """
    size = path.stat().st_size
    with open(path, "rb") as fh:
        gzipped = fh.read(len(GZIP_MEMBER)) == GZIP_MEMBER
        fh.seek(0)
        starts = []
        for n, record in enumerate(_page_records(fh)):
            if gzipped and n == sample:
                per_record = record.stream_pos / sample  # bytes per page record, others between included
                step = max(1, int(per_record * records))
                return [(start, min(start + step, size)) for start in range(0, size, step)]
            if n % records == 0:
                starts.append(record.stream_pos)
    starts[:1] = [0] if starts else []
    return list(zip(starts, [*starts[1:], size], strict=True))


def _first_record(fh: BinaryIO, start: int, end: int) -> int | None:
    """Offset of the first gzip member at or after `start` (and before `end`) that holds a WARC
    record: the magic bytes, confirmed by inflating the member's first bytes to `WARC/`."""
    pos, carry = start, b""
    while pos < end:
        fh.seek(pos)
        chunk = fh.read(_SYNC_CHUNK)
        if not chunk:
            return None
        buf, base = carry + chunk, pos - len(carry)
        hit = buf.find(GZIP_MEMBER)
        while hit != -1 and base + hit < end:
            if _holds_record(fh, base + hit):
                return base + hit
            hit = buf.find(GZIP_MEMBER, hit + 1)
        carry, pos = buf[-(len(GZIP_MEMBER) - 1) :], pos + len(chunk)
    return None


def _holds_record(fh: BinaryIO, offset: int) -> bool:
    fh.seek(offset)
    try:
        head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(fh.read(4096), 8)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def read_warc(path: Path, source_id: str | None = None, span: tuple[int, int] | None = None) -> Iterator[RawPage]:
    """Every page record of a WARC file (or of the byte range `span`, see `record_spans`: the
    records that start inside it) as a RawPage: response records (our archive, Common Crawl's WARC
    files) and conversion records (WET files: the page's text, `text/plain`). Records are read one
    at a time: memory stays flat. The file's last record is given only once `check_tail` finds it
    whole (else ValueError)."""
    start, end = span if span else (0, None)
    held: RawPage | None = None
    with open(path, "rb") as fh:
        if start:
            gzipped = fh.read(len(GZIP_MEMBER)) == GZIP_MEMBER
            first = _first_record(fh, start, end if end is not None else path.stat().st_size) if gzipped else start
            if first is None:  # no record starts in this part: the one before reads the record crossing it
                return
            start = first
        fh.seek(start)
        for record in _page_records(fh):
            if end is not None and record.stream_pos >= end:
                break
            if held is not None:
                yield held
            headers = record.headers
            http = dict(record.http_headers.items()) if record.is_http and record.http_headers else {}
            date = headers.get("WARC-Date")
            lowered = {k.lower(): v for k, v in http.items()}
            held = RawPage(
                url=headers.get("WARC-Target-URI"),
                content=record.reader.read(),
                source_id=source_id or headers.get(SOURCE_HEADER) or "warc",
                headers=lowered,
                fetched_at=datetime.fromisoformat(date.replace("Z", "+00:00")) if date else None,
                raw_ref=f"{path.as_posix()}#{record.stream_pos}",
                content_type=lowered.get("content-type") if record.is_http else headers.get("Content-Type"),
            )
        else:  # the end of the file, not of the span: its tail must be whole
            check_tail(path, int(held.raw_ref.rpartition("#")[2]) if held else start)
    if held is not None:
        yield held


def check_tail(path: Path, offset: int) -> None:
    """Raise ValueError when the file holds an incomplete record after `offset` (the last record
    read): a truncated download or copy. fastwarc skips such a record without a word, and a
    record that vanishes without a reject is a silent drop; warcio reads the tail to tell."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(offset)
        try:
            for record in ArchiveIterator(fh, no_record_parse=True):
                declared = record.rec_headers.get_header("Content-Length")
                got = len(record.raw_stream.read())
                if declared and declared.isdigit() and got < int(declared):
                    raise ValueError(f"truncated WARC record at offset {offset} or after it ({path.name})")
        except ValueError:
            raise
        except Exception as exc:
            raise ValueError(f"unreadable WARC data after offset {offset} ({path.name}): {exc}") from exc


def read_body(raw_ref: str) -> bytes | None:
    """The payload of the record a raw_ref (`file#offset`) names; None when it is gone or unreadable."""
    path, _, offset = raw_ref.rpartition("#")
    if not path or not offset.isdigit():
        return None
    try:
        with open(path, "rb") as fh:
            fh.seek(int(offset))
            for record in _page_records(fh):
                return record.reader.read() if record.stream_pos == int(offset) else None
    except (OSError, ValueError):
        return None
    return None
    return None
