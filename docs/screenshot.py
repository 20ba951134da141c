"""Make docs/report.png: the dataset report of a small real dataset, as headless Chromium shows it.

    .venv/bin/python docs/screenshot.py

Two runs over the bundled samples printed on two sites (so stories have copies), with two pages
that cannot be read (so there are rejects); the same dataset the report tests open in Chromium.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from wirenorm.crawl.sources.files import split_annotation

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("needs Chromium (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pages = root / "pages"
        pages.mkdir()
        for n in range(2):
            for page in (ROOT / "data" / "raw" / "samples").iterdir():
                data = page.read_bytes() if n == 0 else split_annotation(page.read_bytes())[1]
                (pages / f"{n:02d}-{page.name}").write_bytes(data)
        (pages / "empty.html").write_bytes(b"")
        (root / "wirenorm.toml").write_text(
            '[paths]\nraw = "raw"\nclean = "clean"\n[[sources]]\nid = "pages"\nkind = "files"\npath = "pages"\n'
        )
        run = [sys.executable, "-m", "wirenorm.cli", "run"]
        subprocess.run(run, cwd=root, check=True, capture_output=True)
        (pages / "broken.html").write_bytes(bytes(range(256)) * 20)
        subprocess.run(run, cwd=root, check=True, capture_output=True)
        target = ROOT / "docs" / "report.png"
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1100,3300",
                f"--screenshot={target}",
                (root / "clean" / "report.html").as_uri(),
            ],
            check=True,
            capture_output=True,
        )
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
