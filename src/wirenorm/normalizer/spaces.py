"""Folding whitespace runs to one space, without touching the spaces already single."""

from __future__ import annotations

import re


def space_runs(chars: str = r"\s") -> re.Pattern[str]:
    """What `[chars]+` matches that `sub(" ", text)` has to change: a run of two or more, or one
    character that is not a plain space. The result is the same as with `[chars]+`; a lone space,
    by far the most common match, is no match here, so text with nothing to fold is only scanned.
    `chars`: a character class body that holds the plain space (default: any whitespace)."""
    others = r"[^\S ]" if chars == r"\s" else f"[{chars.replace(' ', '')}]"
    return re.compile(f"[{chars}]{{2,}}|{others}")
