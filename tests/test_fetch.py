"""The polite fetcher against real servers on 127.0.0.1: delays, robots, validators, refusals."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator

import pytest

from tests import fakenet
from wirenorm.crawl.fetch import Fetcher, FetchError, Politeness, check_url, retry_after_seconds


@pytest.fixture(scope="module")
def net() -> Iterator[fakenet.Network]:
    network = fakenet.build()
    yield network
    network.stop()


def polite(**kw: object) -> Fetcher:
    base = {"min_delay": 0.3, "timeout": 1.0, "retries": 1, "backoff": 0.05, "allow_hosts": ("127.0.0.1",)}
    return Fetcher(Politeness(**{**base, **kw}))


def test_min_delay_per_host_across_threads(net: fakenet.Network) -> None:
    fetcher = polite()
    urls = [net.news.url(p) for p in ("/2026/ap-mexico.html", "/2026/reuters-titan.html", "/2026/dpa-bernal.html")]
    threads = [threading.Thread(target=fetcher.fetch, args=(u,)) for u in urls * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sends = sorted(t for host, t, _ in fetcher.log if host.endswith(str(net.news.port)))
    assert len(sends) == 7  # robots.txt + six pages
    assert min(b - a for a, b in itertools.pairwise(sends)) >= 0.3


def test_hosts_do_not_wait_for_each_other(net: fakenet.Network) -> None:
    fetcher = polite(min_delay=5.0)
    a, b = fetcher.fetch(net.news.url("/2026/ap-mexico.html")), fetcher.fetch(net.wire.url("/a/yonhap.html"))
    assert a.ok and b.ok
    news_page = next(t for _, t, u in fetcher.log if u.endswith("/ap-mexico.html"))
    wire_first = next(t for h, t, _ in fetcher.log if h.endswith(str(net.wire.port)))
    assert wire_first - news_page < 1.0  # another host is asked at once, not after news' 5 s delay


def test_conditional_get_answers_304(net: fakenet.Network) -> None:
    fetcher = polite(min_delay=0.0)
    first = fetcher.fetch(net.news.url("/feed.xml"))
    again = fetcher.fetch(net.news.url("/feed.xml"), etag=first.headers["etag"])
    assert first.ok and again.unchanged and again.content == b""


def test_robots_disallow_is_obeyed_and_not_fetched(net: fakenet.Network) -> None:
    fetcher = polite(min_delay=0.0)
    result = fetcher.fetch(net.faults.url("/private/page.html"))
    assert (result.error_type, result.error) == ("robots", "disallowed by robots.txt")
    assert not [u for _, _, u in fetcher.log if "/private/" in u]


def test_private_addresses_and_other_schemes_are_refused_before_connecting() -> None:
    strict = Politeness()
    for url in ("http://127.0.0.1:9/x", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data", "http://[::1]/"):
        with pytest.raises(FetchError, match="refused private"):
            check_url(url, strict)
    for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://x/"):
        with pytest.raises(FetchError, match="refused scheme"):
            check_url(url, strict)
    check_url("http://127.0.0.1:9/x", Politeness(allow_hosts=("127.0.0.1",)))  # explicitly allowed
    result = Fetcher(strict).fetch("http://127.0.0.1:9/x")
    assert result.error_type == "refused"


def test_retry_after_parsing() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Tue, 24 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon") is None


def test_retry_after_beyond_the_cap_gives_up(net: fakenet.Network) -> None:
    net.faults.routes["/busy"] = lambda s, r: fakenet.Response(429, b"", {"Retry-After": "3600"})
    result = polite(min_delay=0.0, max_retry_after=10).fetch(net.faults.url("/busy"))
    assert result.error_type == "transient" and "exceeds the cap" in result.error
    assert net.faults.hits["/busy"] == 1
