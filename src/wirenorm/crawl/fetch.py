"""Polite HTTP: robots.txt, per-host delay and concurrency, retries with backoff, conditional GET.

Safety rules apply to every request and every redirect hop: http(s) only, no private, loopback or
link-local addresses unless the source allows them, a cap on body size (after decompression, so a
gzip bomb stops early) and on time per request. Failures are returned as values, never raised,
so each one can become a reject and an archive record.
"""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from wirenorm._version import __version__

DEFAULT_USER_AGENT = f"wirenorm/{__version__} (+https://github.com/wirenorm/wirenorm)"
TEXT_TYPES = (
    "text/html",
    "application/xhtml",
    "text/plain",
    "application/xml",
    "text/xml",
    "application/rss",
    "application/atom",
    "application/rdf",
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Politeness:
    """How to treat a host; defaults are conservative and configurable under [fetch]."""

    user_agent: str = DEFAULT_USER_AGENT
    min_delay: float = 1.0  # seconds between two requests to one host
    per_host: int = 1  # requests in flight per host
    timeout: float = 20.0  # seconds per request, connect to last byte
    max_bytes: int = 10 * 1024 * 1024
    retries: int = 3
    backoff: float = 1.0  # first retry delay; doubles each time, with jitter
    max_retry_after: float = 120.0
    max_redirects: int = 5
    obey_robots: bool = True
    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()  # private hosts allowed anyway (e.g. a test server)


@dataclass
class FetchResult:
    """What happened to one URL: a response, an unchanged (304), or an error with its reason."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    error: str | None = None
    error_type: str | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    attempts: int = 0
    request_headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def unchanged(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A request that cannot succeed (policy refusal, cap exceeded): not retried."""


class TransientError(Exception):
    """A request that may succeed later (network error, 429, 5xx): retried with backoff."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _is_private(ip: str) -> bool:
    addr = ipaddress.ip_address(ip)
    return addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved or addr.is_multicast


def check_url(url: str, policy: Politeness, resolve: Callable[[str], list[str]] | None = None) -> None:
    """Refuse non-http(s) URLs and private destinations before any connection is made."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"refused scheme {parts.scheme or 'none'!r}: only http and https are fetched")
    host = parts.hostname or ""
    if not host:
        raise FetchError("URL has no host")
    if policy.allow_private or host in policy.allow_hosts:
        return
    try:
        ips = [host] if _is_ip(host) else (resolve or _resolve)(host)
    except OSError as exc:
        raise TransientError(f"cannot resolve {host}: {exc}") from exc
    for ip in ips:
        if _is_private(ip):
            raise FetchError(f"refused private, loopback or link-local address {ip} for host {host}")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _resolve(host: str) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None)})


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds (it may be a number or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class HostGate:
    """Per-host minimum delay and concurrency, shared by every thread of one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._slots: dict[str, threading.Semaphore] = {}

    def slot(self, host: str, per_host: int) -> threading.Semaphore:
        with self._lock:
            return self._slots.setdefault(host, threading.Semaphore(per_host))

    def wait(self, host: str, delay: float, sleep: Callable[[float], None] = time.sleep) -> float:
        """Block until `host` may be asked again; returns the monotonic time of the request."""
        while True:
            with self._lock:
                now = time.monotonic()
                ready = self._next.get(host, 0.0)
                if now >= ready:
                    self._next[host] = now + delay
                    return now
            sleep(ready - now)

    def push_back(self, host: str, seconds: float) -> None:
        """A server asked us to wait (Retry-After, crawl-delay): nobody asks this host before then."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)


_SHARED: dict[Politeness, Fetcher] = {}
_SHARED_LOCK = threading.Lock()


def shared_fetcher(policy: Politeness) -> Fetcher:
    """One Fetcher per policy per process, so every task thread shares the per-host delays."""
    with _SHARED_LOCK:
        if policy not in _SHARED:
            _SHARED[policy] = Fetcher(policy)
        return _SHARED[policy]


class Fetcher:
    """One HTTP client with politeness state; use from many threads of one process."""

    def __init__(self, policy: Politeness | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy or Politeness()
        self.gate = HostGate()
        self.client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            transport=transport,
        )
        self._robots: dict[str, Protego | None] = {}
        self._robots_lock = threading.Lock()
        self._robots_locks: dict[str, threading.Lock] = {}
        self.log: list[tuple[str, float, str]] = []  # (host, monotonic time, url) of every request sent
        self._log_lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"

    def robots(self, url: str) -> Protego | None:
        """The host's robots.txt, fetched once per host (missing or broken: everything allowed)."""
        parts = urlsplit(url)
        key = self._host(url)
        with self._robots_lock:
            host_lock = self._robots_locks.setdefault(key, threading.Lock())
        with host_lock:  # one robots.txt request per host, however many threads ask at once
            if key not in self._robots:
                result = self._get(f"{parts.scheme}://{parts.netloc}/robots.txt", {})
                text = result.content.decode("utf-8", errors="replace")
                self._robots[key] = Protego.parse(text) if result.ok else None
            return self._robots[key]

    def allowed(self, url: str) -> bool:
        if not self.policy.obey_robots:
            return True
        rules = self.robots(url)
        return rules is None or rules.can_fetch(url, self.policy.user_agent)

    def host_delay(self, url: str) -> float:
        rules = self._robots.get(self._host(url)) if self.policy.obey_robots else None
        crawl_delay = rules.crawl_delay(self.policy.user_agent) if rules else None
        return max(self.policy.min_delay, float(crawl_delay or 0))

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET a page politely; conditional when validators are given. Never raises."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            check_url(url, self.policy)
        except (FetchError, TransientError) as exc:
            return FetchResult(url, url, error=str(exc), error_type="refused")
        if not self.allowed(url):
            return FetchResult(url, url, error="disallowed by robots.txt", error_type="robots")
        return self._get(url, headers)

    def _get(self, url: str, headers: dict[str, str]) -> FetchResult:
        result = FetchResult(url, url, request_headers=headers)
        for attempt in range(self.policy.retries + 1):
            result.attempts = attempt + 1
            result.error = result.error_type = None
            try:
                self._attempt(result, headers)
                return result
            except FetchError as exc:
                result.error, result.error_type = str(exc), "refused" if "refused" in str(exc) else "policy"
                return result
            except TransientError as exc:
                result.error, result.error_type = str(exc), "transient"
                if attempt == self.policy.retries:
                    return result
                wait = self.policy.backoff * (2**attempt) * (1 + random.random() / 4)
                if exc.retry_after is not None:
                    if exc.retry_after > self.policy.max_retry_after:
                        result.error = f"{exc} (Retry-After {exc.retry_after:.0f}s exceeds the cap)"
                        return result
                    wait = max(wait, exc.retry_after)
                self.gate.push_back(self._host(result.final_url), wait)
        return result

    def _attempt(self, result: FetchResult, headers: dict[str, str]) -> None:
        url = result.url
        for _hop in range(self.policy.max_redirects + 1):
            check_url(url, self.policy)
            host = self._host(url)
            with self.gate.slot(host, self.policy.per_host):
                sent = self.gate.wait(host, self.host_delay(url))
                deadline = sent + self.policy.timeout
                with self._log_lock:
                    self.log.append((host, sent, url))
                try:
                    with self.client.stream("GET", url, headers=headers) as response:
                        status = response.status_code
                        if status in (301, 302, 303, 307, 308) and "location" in response.headers:
                            url = urljoin(url, response.headers["location"])
                            result.final_url = url
                            continue
                        result.status = status
                        result.headers = {k.lower(): v for k, v in response.headers.items()}
                        if status in RETRY_STATUSES:
                            raise TransientError(
                                f"HTTP {status}", retry_after_seconds(response.headers.get("retry-after"))
                            )
                        if status == 304 or status >= 400:
                            if status >= 400:
                                raise FetchError(f"HTTP {status}")
                            return
                        ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                        if ctype and not ctype.startswith(TEXT_TYPES):
                            raise FetchError(f"not a page: content-type {ctype}")
                        declared = int(response.headers.get("content-length") or 0)
                        if declared > self.policy.max_bytes and "content-encoding" not in response.headers:
                            raise FetchError(f"body of {declared} bytes exceeds the cap of {self.policy.max_bytes}")
                        body = bytearray()
                        for chunk in response.iter_bytes():
                            body += chunk
                            if len(body) > self.policy.max_bytes:
                                raise FetchError(f"body exceeds the cap of {self.policy.max_bytes} bytes")
                            if time.monotonic() > deadline:
                                raise TransientError(f"response took longer than {self.policy.timeout:.0f}s")
                        result.content = bytes(body)
                        return
                except httpx.DecodingError as exc:
                    raise FetchError(f"undecodable content encoding: {exc}") from exc
                except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                    raise TransientError(f"{type(exc).__name__}: {exc}") from exc
        raise FetchError(f"more than {self.policy.max_redirects} redirects")
