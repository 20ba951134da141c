"""A small fake network of news sites on 127.0.0.1, built from the fixture pages, with faults.

Each site is a real HTTP server on its own port (so each is its own host for politeness). Every
request is logged with its arrival time, so tests assert on recorded times, never on sleeps.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from wirenorm.crawl.sources.files import split_annotation

FIXTURES = Path(__file__).parent / "fixtures" / "wire"


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[["Site", BaseHTTPRequestHandler], Response | None]


class Site:
    """One host: routes by path, a request log, and per-path hit counters for scripted faults."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[float, str, dict[str, str]]] = []
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with site._lock:
                    site.log.append((time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
                    site.hits[self.path] = site.hits.get(self.path, 0) + 1
                route = site.routes.get(self.path)
                if route is None:
                    return self._send(Response(404, b"not found", {"Content-Type": "text/plain"}))
                response = route(site, self)
                if response is not None:  # None: the route wrote (or broke) the connection itself
                    self._send(response)

            def _send(self, r: Response) -> None:
                self.send_response(r.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **r.headers}
                headers.setdefault("Content-Length", str(len(r.body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(r.body)

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that hang up (timeouts, caps) are part of the tests

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def times(self, path: str | None = None) -> list[float]:
        return [t for t, p, _ in self.log if path is None or p == path]

    def page(self, path: str, body: bytes, **headers: str) -> None:
        etag = f'"{abs(hash(body)) % 10**12}"'

        def route(site: Site, req: BaseHTTPRequestHandler) -> Response:
            if req.headers.get("If-None-Match") == etag:
                return Response(304, b"", {"ETag": etag})
            return Response(200, body, {"ETag": etag, **headers})

        self.routes[path] = route

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def fixture_page(name_prefix: str) -> bytes:
    path = next(FIXTURES.glob(f"{name_prefix}*"))
    return split_annotation(path.read_bytes())[1]


def rss(items: list[tuple[str, datetime]]) -> bytes:
    entries = "".join(
        f"<item><title>t</title><link>{url}</link><pubDate>{format_datetime(when)}</pubDate></item>"
        for url, when in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{entries}</channel></rss>'.encode()


def sitemap(urls: list[tuple[str, datetime]], news: bool = False) -> bytes:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    body = "".join(
        f"<url><loc>{u}</loc>"
        + (
            f"<news:news><news:publication_date>{d.isoformat()}</news:publication_date></news:news>"
            if news
            else f"<lastmod>{d.isoformat()}</lastmod>"
        )
        + "</url>"
        for u, d in urls
    )
    return (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>{body}</urlset>'.encode()
    )


def sitemap_index(children: list[tuple[str, datetime]]) -> bytes:
    body = "".join(f"<sitemap><loc>{u}</loc><lastmod>{d.isoformat()}</lastmod></sitemap>" for u, d in children)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'.encode()


def _scripted(statuses: list[Response], then: Response) -> Route:
    """Answer with `statuses` in turn on the first hits, then `then` for ever."""

    def route(site: Site, req: BaseHTTPRequestHandler) -> Response:
        n = site.hits[req.path]
        return statuses[n - 1] if n <= len(statuses) else then

    return route


def _reset(site: Site, req: BaseHTTPRequestHandler) -> None:
    req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    req.connection.close()
    req.close_connection = True


def _truncated(site: Site, req: BaseHTTPRequestHandler) -> None:
    req.send_response(200)
    req.send_header("Content-Type", "text/html")
    req.send_header("Content-Length", "100000")
    req.end_headers()
    req.wfile.write(b"<html><body><p>only the start of a page")
    req.wfile.flush()
    req.close_connection = True
    req.connection.shutdown(socket.SHUT_RDWR)


def _slow(seconds: float) -> Route:
    def route(site: Site, req: BaseHTTPRequestHandler) -> Response:
        time.sleep(seconds)
        return Response(200, fixture_page("101"))

    return route


@dataclass
class Network:
    news: Site  # a feed
    wire: Site  # a sitemap index with a news sitemap and an old one
    front: Site  # a listing page
    faults: Site  # a feed of broken pages
    now: datetime

    @property
    def sites(self) -> list[Site]:
        return [self.news, self.wire, self.front, self.faults]

    def stop(self) -> None:
        for s in self.sites:
            s.stop()

    def config(self, root: Path, min_delay: float = 0.2) -> str:
        allow = 'allow_hosts = ["127.0.0.1"]'
        return f"""
[paths]
raw = "{root / "data" / "raw"}"
clean = "{root / "data" / "clean"}"

[run]
batch_size = 4

[fetch]
user_agent = "wirenorm-test/1.0 (+https://example.invalid/bot)"
min_delay = {min_delay}
timeout = 1.0
retries = 2
backoff = 0.1
max_retry_after = 5
max_bytes = 5000000

[[sources]]
id = "news-feed"
kind = "feed"
urls = ["{self.news.url("/feed.xml")}"]
{allow}

[[sources]]
id = "wire-sitemap"
kind = "sitemap"
urls = ["{self.wire.url("/sitemap_index.xml")}"]
lookback_days = 3
{allow}

[[sources]]
id = "front-page"
kind = "listing"
urls = ["{self.front.url("/world/")}"]
link_pattern = "/world/[a-z-]+[.]html$"
{allow}

[[sources]]
id = "faults"
kind = "feed"
urls = ["{self.faults.url("/feed.xml")}"]
{allow}

[[sources]]
id = "evil-feed"
kind = "feed"
urls = ["{self.faults.url("/entities")}"]
{allow}
"""


FAULTS = [
    "/429",
    "/503",
    "/500",
    "/slow",
    "/reset",
    "/truncated",
    "/gzip-bomb",
    "/wrong-charset",
    "/big",
    "/binary",
    "/loop",
    "/private-redirect",
    "/private/page.html",
    "/missing",
]


def build(now: datetime | None = None) -> Network:
    now = now or datetime.now(UTC)
    recent, old = now - timedelta(hours=2), now - timedelta(days=30)
    news, wire, front, faults = Site("news"), Site("wire"), Site("front"), Site("faults")
    # news: a feed of three agency pages
    pages = {"/2026/ap-mexico.html": "101", "/2026/reuters-titan.html": "116", "/2026/dpa-bernal.html": "124"}
    for path, fixture in pages.items():
        news.page(path, fixture_page(fixture))
    news.page("/feed.xml", rss([(news.url(p), recent) for p in pages]), **{"Content-Type": "application/rss+xml"})
    # wire: sitemap index -> a news sitemap (recent) and an archive sitemap (old: outside the lookback)
    wire.page("/a/yonhap.html", fixture_page("127"))
    wire.page("/a/hosted-ap.html", fixture_page("113"))
    wire.page("/old/story.html", fixture_page("114"))
    wire.page(
        "/sitemap-news.xml",
        sitemap([(wire.url("/a/yonhap.html"), recent), (wire.url("/a/hosted-ap.html"), recent)], news=True),
        **{"Content-Type": "application/xml"},
    )
    wire.page("/sitemap-2019.xml", sitemap([(wire.url("/old/story.html"), old)]), **{"Content-Type": "application/xml"})
    wire.page(
        "/sitemap_index.xml",
        sitemap_index([(wire.url("/sitemap-news.xml"), recent), (wire.url("/sitemap-2019.xml"), old)]),
        **{"Content-Type": "application/xml"},
    )
    # front: a section front linking to two stories, plus links the pattern must skip
    front.page(
        "/world/kursk-troops.html",
        (FIXTURES.parent / "seed" / "philadelphia-independent-kursk.txt").read_bytes(),
        **{"Content-Type": "text/plain; charset=utf-8"},
    )
    front.page("/world/efe-deuda.html", fixture_page("125"))
    front.page(
        "/world/",
        b"""<html><body><nav><a href="/about.html">About</a><a href="/world/">World</a></nav>
        <h2><a href="/world/kursk-troops.html">Kursk</a></h2><h2><a href="efe-deuda.html#top">Deuda</a></h2>
        <a href="/world/kursk-troops.html">again</a><a href="mailto:desk@example.invalid">mail</a></body></html>""",
    )
    # faults: one feed listing every kind of broken page
    ok_page = fixture_page("118")
    faults.routes["/429"] = _scripted([Response(429, b"slow down", {"Retry-After": "1"})], Response(200, ok_page))
    faults.routes["/503"] = _scripted([Response(503, b""), Response(503, b"")], Response(200, fixture_page("121")))
    faults.routes["/500"] = lambda s, r: Response(500, b"boom")
    faults.routes["/slow"] = _slow(3.0)
    faults.routes["/reset"] = _reset
    faults.routes["/truncated"] = _truncated
    bomb = gzip.compress(b"<p>" + b"\0" * (60 * 1024 * 1024), compresslevel=9)
    faults.routes["/gzip-bomb"] = lambda s, r: Response(200, bomb, {"Content-Encoding": "gzip"})
    cp1252 = fixture_page("109").decode("utf-8").encode("cp1252", "replace").replace(b'charset="utf-8"', b"")
    faults.routes["/wrong-charset"] = lambda s, r: Response(200, cp1252, {"Content-Type": "text/html; charset=utf-8"})
    faults.routes["/big"] = lambda s, r: Response(200, b"x" * (50 * 1024 * 1024))
    faults.routes["/binary"] = lambda s, r: Response(
        200, b"\x89PNG\r\n\x1a\n" + bytes(4000), {"Content-Type": "image/png"}
    )
    faults.routes["/loop"] = lambda s, r: Response(302, b"", {"Location": "/loop"})
    faults.routes["/private-redirect"] = lambda s, r: Response(302, b"", {"Location": "http://10.255.255.1/secret"})
    faults.page("/private/page.html", ok_page)
    faults.page("/robots.txt", b"User-agent: *\nDisallow: /private/\n", **{"Content-Type": "text/plain"})
    faults.page(
        "/entities",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><rss><channel>'
        b"<item><link>&a;</link></item></channel></rss>",
        **{"Content-Type": "application/xml"},
    )
    faults.page("/feed.xml", rss([(faults.url(p), recent) for p in FAULTS]), **{"Content-Type": "application/rss+xml"})
    for site in (news, wire, front, faults):
        site.start()
    return Network(news, wire, front, faults, now)
