"""Pages read from disk: a page without a URL of its own is named by its real path, whatever
links lead to it, and the real folder a link names is looked up again when the link moves."""

from __future__ import annotations

from pathlib import Path

from wirenorm.crawl.sources.files import read_page

PAGE = b"<html><body><p>A page.</p></body></html>"


def test_a_page_without_a_url_is_named_by_its_real_path(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_bytes(PAGE)
    (tmp_path / "link.html").symlink_to(folder / "a.html")
    (tmp_path / "via").symlink_to(folder)

    direct = read_page(folder / "a.html", "src", folder)
    assert direct.url == (folder / "a.html").resolve().as_uri()
    assert direct.key == "src:a.html"
    assert direct.raw_ref == f"{folder.as_posix()}/a.html"

    linked = read_page(tmp_path / "link.html", "src")  # a link to a file: its target's name
    assert linked.url == direct.url
    through = read_page(tmp_path / "via" / "a.html", "src", tmp_path / "via")  # a linked folder
    assert through.url == direct.url
    assert through.key == "src:a.html"
    assert through.fetched_at == direct.fetched_at


def test_a_folder_link_moved_between_reads_names_the_new_folder(tmp_path: Path) -> None:
    for name in ("old", "new"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.html").write_bytes(PAGE)
    current = tmp_path / "current"
    current.symlink_to(tmp_path / "old")
    assert read_page(current / "a.html", "src").url == (tmp_path / "old" / "a.html").resolve().as_uri()
    current.unlink()
    current.symlink_to(tmp_path / "new")
    assert read_page(current / "a.html", "src").url == (tmp_path / "new" / "a.html").resolve().as_uri()
