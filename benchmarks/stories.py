"""Precision and recall of story grouping on a labelled set built from the fixture pages.

Usage: python benchmarks/stories.py [DIR ...]   (default: tests/fixtures/wire tests/fixtures/seed)

Every fixture article is one story. For each, near-copies are made the way republishers change
copy: the ending trimmed (30%), chrome leaking into the body (menu and promo lines), a paragraph
dropped and a few words edited, and a short brief (the first half). Pairs of records are then
labelled same/different story; precision and recall are over those pairs.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
import sys
import tempfile
import time
from pathlib import Path

from wirenorm.crawl.sources.files import discover, read_page
from wirenorm.dataset.stories import assign_stories
from wirenorm.model import Article
from wirenorm.normalizer.pipeline import content_hash, process

CHROME_TOP = ["Advertisement", "Share this article", "Sign up for our newsletter to get the top stories daily."]
CHROME_END = ["Read more: the latest headlines from our newsroom", "Copyright 2026 Example Media. All rights reserved."]


def variants(a: Article, rng: random.Random) -> list[tuple[str, list[str]]]:
    p = a.paragraphs
    keep = max(2, int(len(p) * 0.7))
    edited = [
        " ".join(w if rng.random() > 0.04 else rng.choice(["said", "the", "new", "on"]) for w in para.split())
        for i, para in enumerate(p)
        if i != len(p) // 2 or len(p) < 4
    ]
    return [
        ("trimmed", p[:keep]),
        ("chrome", CHROME_TOP + p + CHROME_END),
        ("edited", edited),
        ("brief", p[: max(2, len(p) // 2)]),
    ]


def main(argv: list[str]) -> int:
    folders = [Path(a) for a in argv] or [Path("tests/fixtures/wire"), Path("tests/fixtures/seed")]
    rng = random.Random(7)
    base = [a for f in discover(folders) if isinstance(a := process(read_page(f)), Article)]
    items: list[tuple[str, Article]] = []
    for story, a in enumerate(base):
        items.append((f"s{story}", a))
        for kind, paras in variants(a, rng):
            body = "\n\n".join(paras)
            copy = dataclasses.replace(
                a,
                article_id=f"{a.article_id[:24]}-{kind}",
                body=body,
                paragraphs=paras,
                content_hash=content_hash(body),
            )
            items.append((f"s{story}", copy))
    rng.shuffle(items)
    articles = [a for _, a in items]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        assign_stories(articles, Path(tmp) / "clean" / "stories")
        seconds = time.perf_counter() - start
    truth = {a.article_id: s for s, a in items}
    tp = fp = fn = 0
    for a, b in itertools.combinations(articles, 2):
        same_true = truth[a.article_id] == truth[b.article_id]
        same_pred = a.story_id == b.story_id
        tp += same_true and same_pred
        fp += same_pred and not same_true
        fn += same_true and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{len(base)} stories, {len(articles)} records, {len(set(a.story_id for a in articles))} story ids")
    print(f"pairs: {tp} true positive, {fp} false positive, {fn} false negative")
    print(f"precision {precision:.3f}  recall {recall:.3f}  ({seconds * 1000 / len(articles):.2f} ms per record)")
    by_kind: dict[str, list[bool]] = {}
    firsts = {truth[a.article_id]: a.story_id for a in articles if "-" not in a.article_id[24:]}
    for a in articles:
        kind = a.article_id[25:] if len(a.article_id) > 24 and a.article_id[24] == "-" else None
        if kind:
            by_kind.setdefault(kind, []).append(a.story_id == firsts[truth[a.article_id]])
    for kind, oks in sorted(by_kind.items()):
        print(f"  {kind:<8} copies joined to their original: {sum(oks)}/{len(oks)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
