"""Text dumps of HTML pages, as users get them from the renderers they have.

Usage: python benchmarks/dumps.py OUT_DIR [CORPUS_DIR] [--renderers inscriptis w3m lynx]
       writes OUT_DIR/<renderer>/<name>.txt.gz for every corpus page (how tests/fixtures/corpus-dumps
       was made).

Renderers: inscriptis (Python, `pip install -e ".[bench]"`), `w3m -dump` and `lynx -dump -nolist`
(Debian packages w3m, lynx), and trafilatura's text export with its metadata block (an article-only
export, `.[bench]` too). Each gets the page decoded the way wirenorm decodes it, as UTF-8.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from wirenorm.normalizer.parse import decode, maybe_gunzip


def _utf8(html: bytes) -> str:
    return decode(maybe_gunzip(html))[0]


def inscriptis(html: bytes) -> str:
    from inscriptis import get_text

    return get_text(_utf8(html))


def w3m(html: bytes) -> str:
    cmd = ["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "80"]
    return subprocess.run(cmd, input=_utf8(html).encode(), capture_output=True, check=True).stdout.decode()


def lynx(html: bytes) -> str:
    cmd = ["lynx", "-dump", "-stdin", "-nolist", "-width=80", "-assume_charset=utf-8", "-display_charset=utf-8"]
    return subprocess.run(cmd, input=_utf8(html).encode(), capture_output=True, check=True).stdout.decode()


def trafilatura(html: bytes) -> str:
    """The article's text with its metadata block, as `trafilatura --with-metadata` exports it: no
    page chrome at all, but no byline or caption lines either."""
    from trafilatura import extract

    return extract(_utf8(html), with_metadata=True, output_format="txt") or ""


RENDERERS: dict[str, Callable[[bytes], str]] = {
    "inscriptis": inscriptis,
    "w3m": w3m,
    "lynx": lynx,
    "trafilatura": trafilatura,
}


def available(names: list[str]) -> list[str]:
    """The renderers of `names` this machine has (a missing one is said, not silently skipped)."""
    out = []
    for name in names:
        if name in ("inscriptis", "trafilatura"):
            try:
                __import__(name)
            except ImportError:
                print(f"{name} not installed (pip install -e '.[bench]'): skipped", file=sys.stderr)
                continue
        elif shutil.which(name) is None:
            print(f"{name} not on PATH (apt-get install {name}): skipped", file=sys.stderr)
            continue
        out.append(name)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--renderers", nargs="+", default=["inscriptis", "w3m"])
    args = parser.parse_args()
    from corpus import DEFAULT, load  # benchmarks/ is the script's directory

    pages = load(args.corpus or DEFAULT)
    for renderer in available(args.renderers):
        folder = args.out / renderer
        folder.mkdir(parents=True, exist_ok=True)
        for name, _, html in pages:
            text = RENDERERS[renderer](html)
            (folder / f"{name}.txt.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
        print(f"{renderer}: {len(pages)} dumps in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
