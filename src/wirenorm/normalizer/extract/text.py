"""Plain-text dumps -> Draft: the article found among a page's lines by the text alone.

A dump (`w3m -dump`, `lynx -dump`, inscriptis, a WET record, copy-paste) has lost the markup, so
main content is found the way boilerplate removers for web text find it: lines are re-joined where
a renderer wrapped them, each line is scored (prose counts for; chrome, short link-like lines and
lines the site repeats across its pages count against) and the article is the run of lines with
the best total, chosen again once teasers of other stories are known. The headline is the
headline-like line near it that the URL's slug and the page's repeats point to; byline and date
lines between them become `byline` and `published_at`. Nothing is dropped silently: every line
outside the article goes to `removed` with its kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from wirenorm.model import Block, Draft, PageMeta, Removed
from wirenorm.normalizer.agencies import any_trailer, credited_in, dateline_hint, name_to_code
from wirenorm.normalizer.extract.chrome import EMBEDDED_POST, PRIVACY_LABEL, chrome_kind, privacy_notice
from wirenorm.normalizer.extract.dates import find_date, is_month, short_date
from wirenorm.normalizer.extract.site import names_site, site_name
from wirenorm.normalizer.names import without_role
from wirenorm.normalizer.spaces import space_runs

_BULLET = re.compile(r"^(?P<indent>\s*)(?P<marker>[•□◦▪▫‣∙·●○■☆★◆◇►▸▹›»→\*+]|\d{1,2}[.)])\s+(?=\S)")
_SPACES = space_runs(r" \t\u00a0\u2000-\u200b\u202f\u205f\u3000")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?。！？…\"”’»)\]]$")
BYLINE_LINE = re.compile(
    r"^(?:(?:(?:written |reported |text )?by|von|par|por|di|door|av|af|tekst|text|"
    r"(?:autor(?:in)?|authors?|auteur)(?: (?:of the article|des artikels|de l'article))?|"
    r"redaktion|von unserem [\w ]+)\s*:?\s+"
    # the kind of piece before it ("Kolumne von Lars Brunckhorst", "Analysis by ..."), when a name
    # of two capitalised words follows ("Kommentar von Merz sorgt für Ärger" is a headline)
    r"|(?:(?:a|an|ein|eine|une) )?(?:column|analysis|opinion|commentary|review|essay|kolumne|kommentar|"
    r"gastkommentar|gastbeitrag|analyse|glosse|reportage|chronique|tribune|éditorial)\s+(?:by|von|par)\s+"
    r"(?-i:(?=[A-ZÀ-ÞĀ-Ž][\w'’.-]+ [A-ZÀ-ÞĀ-Ž])))"
    # (names hold no colon: "Von München bis Aachen: Im Netz der Agenten" is a headline)
    r"(?P<names>(?!.*:\s)\S.{1,100})(?<!:)$",
    re.I,
)
BYLINE_SEGMENTED_MAX = 250


def byline_names(text: str) -> str | None:
    """The names a byline line gives: the whole line (`By Ann Lee`), or one part of a line of
    parts (`News | Published: 5 hours ago | Written by Ann Lee`)."""
    if len(text) < 120 and (m := BYLINE_LINE.match(text)):
        return _undated(m.group("names"))
    if len(text) <= BYLINE_SEGMENTED_MAX and text.count(" | ") >= 2:
        for part in text.split(" | "):
            if m := BYLINE_LINE.match(part.strip()):
                return _undated(m.group("names"))
    return None


def _undated(names: str) -> str:
    """`Juliane Rohr 28.04.2023, 18:11 Uhr` -> `Juliane Rohr`, `Cristina Laila Apr. 28, 2023` ->
    `Cristina Laila`: names hold no figures, dates do."""
    head = re.split(r"\s*(?<![\d.])(?=\d)", names, maxsplit=1)[0]
    if head != names:
        head = _without_month(head)
    return head.rstrip(" -–—|,·") or names


def _without_month(head: str) -> str:
    """The words before a date without the date's month: `Cristina Laila Apr.`, and a month glued
    on (`Lesotho TimesNovember`, `Associated PressApril`)."""
    words = head.split()
    if len(words) < 2:
        return head
    glued = re.fullmatch(r"(.*[a-z])([A-Z][a-z]+\.?)", words[-1])
    if is_month(words[-1]):
        return " ".join(words[:-1])
    if glued and is_month(glued.group(2)):
        return " ".join([*words[:-1], glued.group(1)])
    return head


# "Anna Berg", "Jean-Luc de la Tour": capitalised words only, two to four of them
_NAME_LINE = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w'’.-]+(?: (?:[a-z]{1,3} )?[A-ZÀ-ÞĀ-Ž][\w'’.-]+){1,3}")
# "vor 3 Stunden", "3 hours ago", "il y a 2 heures", "hace 3 horas", "for 2 timer siden", "2 saat önce"
_RELATIVE_TIME = re.compile(
    r"(?:(?:updated|aktualisiert|mis à jour|actualizado)\s+)?(?:vor|il y a|hace|há|fa|for|för|geleden)?\s*"
    r"(?:\d{1,3}|einer?|an?|one)\s*(?:h\b|m\b|sek\w*|sec\w*|min\w*|std\.?|stunden?|hours?|hrs?|heures?|horas?|ore|"
    r"timer?|timmar?|uur|saat|tage?n?|days?|jours?|días?|dager?|dagar?)\.?\s*(?:ago|siden|sedan|geleden|önce|fa)?"
    r"(?:\s*(?:aktualisiert|updated).{0,30})?",
    re.I,
)


def _is_relative_time(text: str) -> bool:
    """`vor 3 Stunden`, or `Malaysia / 5 h ago` (a section name before it)."""
    return bool(
        _RELATIVE_TIME.fullmatch(text) or (len(text) <= 50 and _RELATIVE_TIME.search(text) and re.search(r"\d", text))
    )


# a time of day (`50:55` is a video's length, no time)
_TIME_ONLY = re.compile(r"^(?:[\w.]+\s+){0,3}(?:[01]?\d|2[0-3])[:.h][0-5]\d(?:\s*[ap]\.?m\.?)?(?:\s+\w{2,5})?$", re.I)
# Scores (in characters of prose): what one line of each sort adds to or takes from a run.
CHROME_PENALTY = 60
SHORT_PENALTY = 12
DATELINED_WORDS = 8  # a dateline and a clause at least, however short the line
# A line of prose counts by its length beyond an offset: teasers are shorter than the page's
# paragraphs. The offset follows the page (a share of its typical prose line, within bounds),
# since tabloids write one-sentence paragraphs and broadsheets long ones.
PROSE_OFFSET_SHARE = 0.4
PROSE_OFFSET_BOUNDS = (20, 80)
HEADLINE_LOOKBACK = 80  # lines above the copy's start where the headline is looked for
HEADLINE_LOOKAHEAD = 8  # and among its first lines
WRAP_SLACK = 3  # a renderer breaks before the word that would cross the width: allow for wide glyphs


@dataclass
class Line:
    """One logical line of a dump: wrapped lines joined, whitespace folded."""

    text: str
    bullet: bool = False
    after_image: bool = False
    kind: str | None = None  # chrome kind, "repeated", "byline", "timestamp" or None
    indented: bool = False  # opened by an ideographic space: a Chinese or Japanese paragraph


@lru_cache(maxsize=1 << 16)
def _width(text: str) -> int:
    """Columns a line takes on a terminal: East Asian wide characters take two. Remembered per
    line: the copy finder asks for the same lines' widths many times over."""
    if text.isascii() or max(text) < "\u1100":  # no wide character is below U+1100
        return len(text)
    return len(text) + sum(map(_wide_char, text))


@lru_cache(maxsize=4096)
def _wide_char(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def wrap_width(lines: list[str]) -> int | None:
    """The column a renderer wrapped the dump at (`w3m -dump`: 80), or None for unwrapped text.

    Wrapped text has many lines ending just short of one width and almost none beyond it."""
    widths = sorted(_width(line.rstrip()) for line in lines if line.strip())
    long = [w for w in widths if w >= 40]
    if len(long) < 5:
        return None
    width = widths[int(0.97 * (len(widths) - 1))]
    if width > 160:
        return None
    near = sum(1 for w in long if w >= width - 15)
    return width if near >= 0.3 * len(long) else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _fold(line: str) -> str:
    """One kind of space inside the line; the indentation, which tells list items apart, kept."""
    line = line.replace("\t", "    ").replace("\u00a0", " ").rstrip()
    body = line.lstrip(" ")
    # an ideographic space opens a CJK paragraph as typography, not as indentation
    return " " * (len(line) - len(body)) + _SPACES.sub(" ", body.lstrip("\u3000"))


def logical_lines(text: str) -> list[Line]:
    """Lines as the page had them: a paragraph a renderer wrapped over several lines is one again."""
    source = text.split("\n")
    raw = [_fold(line) for line in source]
    # an ideographic space opens a Chinese or Japanese paragraph: the line before it ended one
    opens = [line.lstrip(" \t").startswith("\u3000") for line in source]
    width = wrap_width(raw)
    out: list[Line] = []
    current: list[str] = []
    paragraph = False
    content_indent = 0
    last_width = 0

    def flush() -> None:
        if current:
            joined = current[0]
            for part in current[1:]:
                glue = "" if _CJK.match(part) and _CJK.search(joined[-1:]) else " "
                joined = (
                    joined.rstrip("-") + part if joined.endswith("-") and part[:1].islower() else joined + glue + part
                )
            out.append(_line(joined, paragraph))
            current.clear()

    for line, opening in zip(raw, opens, strict=True):
        if not line.strip():
            flush()
            continue
        bullet = _BULLET.match(line)
        continues = (
            width is not None
            and current
            and not opening
            and not bullet
            and _indent(line) == content_indent
            and last_width + 1 + _width(_first_unit(line)) > width - WRAP_SLACK
        )
        if not continues:
            flush()
            paragraph = opening
            content_indent = len(bullet.group(0)) if bullet else _indent(line)
        current.append(line.strip() if continues else line)
        last_width = _width(line)
    flush()
    return [line for line in out if line.text]


def _first_unit(line: str) -> str:
    """What a renderer could not fit on the line before: the first word, or the first character
    where the script breaks between any two characters (Chinese, Japanese; Korean in w3m)."""
    word = line.split(maxsplit=1)[0]
    return word[0] if _CJK.match(word) else word


def _line(text: str, indented: bool = False) -> Line:
    bullet = _BULLET.match(text)
    if bullet and not bullet.group("marker")[0].isdigit():
        text = text[bullet.end() :]
    return Line(text=" ".join(text.split()), bullet=bool(bullet), indented=indented)


def _words(text: str) -> int:
    cjk = len(_CJK.findall(text))
    return len(text.split()) + cjk // 2


_PUNCTUATION = re.compile(r"[.,;:!?、。，；：！？]")
MENU_LOWER_SHARE = 0.2


def is_prose(text: str) -> bool:
    """A sentence or more of running text: enough words, and it ends like a sentence. A long run
    of capitalised words without a single stop or comma is a menu flattened into one line."""
    words = _words(text)
    if words >= 30:
        return not _flat_menu(text)
    return words >= 8 and bool(_SENTENCE_END.search(text))


FLAT_MENU_CASED = 10  # words with a case the share is taken over (a language menu mixes in uncased scripts)


def _flat_menu(text: str) -> bool:
    if _PUNCTUATION.search(text):
        return False
    cased = [t for t in text.split() if t[:1].isupper() or t[:1].islower()]
    return len(cased) >= FLAT_MENU_CASED and sum(1 for t in cased if t[:1].islower()) < MENU_LOWER_SHARE * len(cased)


def _datelined(line: Line) -> bool:
    """The copy's first line: an agency's dateline (`LOS ANGELES (AP) — ...`) and a clause at least.
    (A caption's `Vorstand (von links): ...` has the shape, not an agency in the bracket.)"""
    if line.kind is not None or (m := _DATELINED.match(line.text)) is None or _words(line.text) < DATELINED_WORDS:
        return False
    return bool(name_to_code(m.group("tag")) or credited_in(m.group("tag")))


def _score(line: Line, offset: int) -> int:
    if line.kind in INLINE_KINDS:
        return 0
    if line.kind == "layout":
        return -SHORT_PENALTY
    if line.kind in TERMINATORS and len(line.text) <= 60:
        return -TERMINATOR_PENALTY
    if line.kind is not None and line.kind not in ("byline", "timestamp", "caption"):
        return -CHROME_PENALTY
    if _datelined(line):
        return max(_width(line.text) - offset, CHROME_PENALTY)  # `LOS ANGELES (AP) — ...` opens the copy
    if is_prose(line.text) and not line.after_image:
        weight = _width(line.text) - offset
        return weight // 2 if line.bullet else weight
    return -SHORT_PENALTY


def _scores(lines: list[Line], offset: int) -> list[int]:
    """Each line's score; a label between two paragraphs of copy (`Article content`, printed
    between every paragraph) is layout inside the copy, no evidence either way. (Between two
    one-line promotions it still counts against them.)"""
    scores = [_score(line, offset) for line in lines]
    for i in range(1, len(lines) - 1):
        around = (scores[i - 1], scores[i + 1])
        if lines[i].kind == "repeated" and min(around) > 0 and sum(around) >= 2 * CHROME_PENALTY:
            scores[i] = 0
    return scores


def best_run(scores: list[int]) -> tuple[int, int]:
    """The contiguous run of lines with the largest total score (Kadane): [start, end)."""
    best, best_span = 0, (0, 0)
    total, start = 0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = 0, i
        total += s
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


# a picture's caption ends with its credit: "... ( Image: Getty)", "Photograph: Jane Roe", "Foto: dpa"
_CAPTION_END = re.compile(
    r"(?:\(\s*)?(?:Fotos?|Photos?|Photograph|Bild|Image|Picture|Credit|Quelle|Source|Illustration|Grafik)\s*:\s*"
    r"[^.!?:]{0,80}\)?$|(?:©|\bcopyright)\s*[^.!?]{2,60}$"
    # or with the agency's photo credit in brackets: "(AP Photo/Alex Brandon)", "(Yonhap Photo)"
    r"|\((?:[\w.]+ )?(?:Photos?|Foto|Images?)(?:\s*/[^()]{1,60})?\)$"
    # or with the credit glued to its last sentence: "... bei der Genesung.Getty Images"
    # (any case: "picture alliance/dpa", "imago"; a web address is no credit: "www.wdr.de/nachrichten")
    r"|(?<=[a-zäöüßà-ÿ][.!?])(?!(?:com|de|org|net|co|uk|fr|ch|at|it|es|nl|no|se|dk|info|io)\b)[a-z][^.!?]{2,60}$"
    # Japanese captions end with `＝` and where, when or whose: `韓国の国旗＝ＡＰ`, `…＝同国で2019年5月`
    r"|＝[^＝。]{1,25}$",
    re.I,
)
_DIGIT = re.compile(r"\d")
# copy that opens with its dateline (`Kiel (dpo) - ...`, `SEOUL, Nov 24 (Reuters) -`): no caption
_DATELINED = re.compile(r"[A-ZÀ-ÞĀ-Ž][\w .,'’/-]{1,40}?\s*\((?P<tag>[^()]{1,30})\)\s*[-–—:]\s")
_MARKS = "•□◦▪▫‣∙·●○■☆★◆◇►▸▹›»→*+ "
_GLUED_WORDS = re.compile(r"[a-zß-ÿğış][A-ZÀ-ÞĞİŞ]")
GLUED_MENU_MIN = 4  # a name may glue once (`McDonald`); a menu glues at every item
PAGE_REPEATS = 3  # a short line printed this often on one page is a label ("Article content", "Image:")


def _classify(lines: list[Line], repeated: frozenset[str], url: str = "") -> None:
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    slug = _slug_tokens(url)
    image = False
    for line in lines:
        text = line.text
        if text in repeated or (
            counts[text] >= PAGE_REPEATS and _page_label(text, slug) and not BYLINE_LINE.match(text)
        ):  # (a byline printed three times, over the story and its teasers, is still a byline)
            # an advertisement slot printed again and again is still one: it stands inside the copy
            line.kind = "advertisement" if chrome_kind(text) == "advertisement" else "repeated"
        elif not text.strip(_MARKS):
            line.kind = "layout"  # bullet marks left of an empty list: as short a line as any
        elif len(_GLUED_WORDS.findall(text)) >= GLUED_MENU_MIN and not _SENTENCE_END.search(text):
            line.kind = "menu"  # a menu printed without spaces: "Son DakikaTürkiye HaberleriDünya Haberleri..."
        elif PRIVACY_LABEL.match(text):
            line.kind = "privacy_notice"  # under a sign-up form, often inside the copy
        elif (kind := chrome_kind(text)) is not None and not (
            kind in ("consent", "newsletter") and is_prose(text) and len(text) > 160
        ):
            line.kind = kind
        elif len(text) > 160 and privacy_notice(text):
            line.kind = "consent"
        elif EMBEDDED_POST.fullmatch(text):
            line.kind = "embed"
        elif byline_names(text):
            line.kind = "byline"
        elif len(text) < 80 and (
            _TIME_ONLY.match(text)
            or _is_relative_time(text)
            or (find_date(text) and _words(text) <= 8)
            or short_date(text)
        ):
            line.kind = "timestamp"
        line.after_image = (
            image and line.kind is None and len(text) < 400 and not line.indented and not _DATELINED.match(text)
        )
        if line.after_image or (line.kind is None and len(text) < 300 and _CAPTION_END.search(text)):
            line.kind = "caption"
        elif line.kind is None and _doubled(text):
            _picture_caption(line)  # a picture's alt text and caption, printed as one line
        image = line.kind == "image"
    _mark_glued_cards(lines)
    _mark_skipped_boxes(lines)


DOUBLED_WORDS = 4  # words in each half: a name printed twice is `_undoubled` where bylines are read


def _doubled(text: str) -> bool:
    """ "The mayor at the landing The mayor at the landing": one text printed twice in a row."""
    words = text.split()
    half = len(words) // 2
    return half >= DOUBLED_WORDS and len(words) % 2 == 0 and words[:half] == words[half:]


# an accessible page marks a box inside the copy with a link past it: "skip past newsletter
# promotion" ... "after newsletter promotion", "Skip Advertisement"
_SKIP_PAST = re.compile(r"skip (?:past )?(?P<box>[\w ]{3,40})", re.I)
SKIPPED_BOX_MAX = 20  # lines from the skip link to the box's end marker


def _mark_skipped_boxes(lines: list[Line]) -> None:
    for i, line in enumerate(lines):
        if not (m := _SKIP_PAST.fullmatch(line.text)):
            continue
        end = f"after {m.group('box')}".lower()
        for j in range(i + 1, min(len(lines), i + 1 + SKIPPED_BOX_MAX)):
            if lines[j].text.lower() == end:
                for box in lines[i : j + 1]:
                    box.kind = "promotion"
                break


# a story card the renderer printed as one line, its title glued to its summary: "Ford Recalls
# F-150s; Loose Cable Can Cause FiresFord is recalling ..." (a word of four letters or more, or a
# closing mark, runs into a capitalised word; `McDonald`, `LeBron`, `uRejoice` do not)
_GLUED_CARD = re.compile(r"(?:\S+\s+){3,}\S*?(?:[a-z]{4}|[?!'’)])(?=[A-Z][a-z])")
GLUED_CARDS_MIN = 3  # a rail of them; one such line may be a name the renderer glued
GLUED_TITLE_CHARS = 150
TITLE_CASE_SHARE = 0.6


def _mark_glued_cards(lines: list[Line]) -> None:
    cards = []
    for line in lines:
        if line.kind is None and (m := _GLUED_CARD.match(line.text)) and len(m.group()) <= GLUED_TITLE_CHARS:
            words = m.group().split()
            if sum(1 for w in words if w[:1].isupper()) >= TITLE_CASE_SHARE * len(words) and is_prose(line.text):
                cards.append(line)
    if len(cards) >= GLUED_CARDS_MIN:
        for line in cards:
            line.kind = "teaser"


SLUG_HEADLINE_SHARE = 0.5


def _page_label(text: str, slug: set[str]) -> bool:
    """A short line printed again and again is a label (`Article content`, `Image:`), unless the
    URL's slug spells it: the headline printed three times (page, breadcrumb, share box)."""
    return _words(text) <= 6 and not _DIGIT.search(text) and _slug_share(text, slug) < SLUG_HEADLINE_SHARE


FLAT_MENU_WORDS = 15  # a headline this long has some punctuation; a flattened menu (languages, sections) has none


# a line that ends on one of these is a sentence a link broke off (`Try refreshing your browser, or`)
_RUNS_ON = frozenset(
    {"or", "and", "the", "to", "of", "a", "an", "for", "with", "oder", "und", "der", "die", "das", "den", "zu"}
    | {"von", "mit", "ou", "et", "le", "la", "les", "de", "du", "o", "y", "el", "e", "en", "og", "eller"}
)


def _lone_item(lines: list[Line], i: int) -> bool:
    return lines[i].bullet and not any(lines[j].bullet for j in (i - 1, i + 1) if 0 <= j < len(lines))


def _headline_like(line: Line, lone: bool = False) -> bool:
    """`lone`: the line is the only item of its list (a page marking up its headline as one); a
    bullet among bullets is a menu entry."""
    text = line.text
    words = _words(text)
    return (
        line.kind is None
        and (not line.bullet or lone)
        and 3 <= words <= 40
        and len(text) <= 300
        and not text.endswith((":", ",", ";"))
        and text.rsplit(None, 1)[-1] not in _RUNS_ON
        and not (words >= 20 and text.endswith("."))
        and not (words >= FLAT_MENU_WORDS and _flat_menu(text))
    )


_CREDIT_MARK = re.compile(
    r"©|\b(?:Fotos?|Photos?|Bild|Image|Picture|Credit|Quelle|Source|Illustration|Grafik|Video)\s*:"
    r"|\s/\s*[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)?$"
)
_TOKEN = re.compile(r"[^\W\d_]{3,}")


def _folded_tokens(text: str) -> set[str]:
    """Words without accents, as URL slugs spell them (`für` is `fur` or `fuer` there)."""
    out = set()
    for token in _TOKEN.findall(text.lower()):
        out.add(token)
        plain = unicodedata.normalize("NFKD", token.translate(_UNDECOMPOSED))
        out.add("".join(ch for ch in plain if not unicodedata.combining(ch)))
        out.add(token.translate(_UMLAUTS))
    return out


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# letters Unicode does not decompose to a base letter, as slugs spell them (Turkish `ı`, Polish `ł`)
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe", "ß": "ss"})


def _slug_tokens(url: str) -> set[str]:
    return _folded_tokens(" ".join(re.split(r"[/_.-]", unquote(urlsplit(url).path))))


def _slug_share(text: str, slug: set[str]) -> float:
    """How much of a line the URL's slug spells: sites build slugs from the headline."""
    words = {w.lower() for w in _TOKEN.findall(text)}
    if len(slug) < 3 or len(words) < 2:
        return 0.0
    return sum(1 for w in words if _folded_tokens(w) & slug) / len(words)


_SLUG_WORD = re.compile(r"[^\W\d_]+")
_LINE_WORD = re.compile(r"[^\W_]+")
KICKER_WORDS_MAX = 8


def _slug_words(url: str) -> list[str]:
    """The words of the URL's slug in order: its wordiest path segment (`/politik/Trump-spricht-...-id301`)."""
    segments = [unquote(s) for s in urlsplit(url).path.split("/")]
    best = max(segments, key=lambda s: s.count("-") + s.count("_"), default="")
    return [w.lower() for w in _SLUG_WORD.findall(best)] if best.count("-") + best.count("_") >= 2 else []


def without_kicker(text: str, url: str) -> tuple[str, str | None]:
    """A topic kicker the renderer glued before the headline (`Neue Leipziger Schule Judy Lybke, ...`,
    `"Es wird bald beginnen"Trump spricht ...`), cut where the URL's slug begins: the slug spells
    the headline, not its kicker. A kicker set off by a colon is the publisher's own title
    (`Berlin-Marathon: ...`) and stays, unless it is chrome (`Share this Story :`)."""
    slug = _slug_words(url)
    if len(slug) < 3:
        return text, None
    words = list(_LINE_WORD.finditer(text))

    def spelt(word: re.Match[str], vocabulary: set[str]) -> bool:
        return bool((_folded_tokens(word.group()) | {word.group().lower()}) & vocabulary)

    for k, word in enumerate(words[1 : KICKER_WORDS_MAX + 1], 1):
        if not spelt(word, {slug[0]}):
            continue
        # the slug runs on from there (two of three words), and the words before are none of its start
        if sum(spelt(w, set(slug)) for w in words[k : k + 3]) < 2 or any(spelt(w, set(slug[:3])) for w in words[:k]):
            return text, None
        head, rest = text[: word.start()], text[word.start() :].strip()
        kicker = head.rstrip(" :–—-|").strip()
        if head.rstrip().endswith(":") and chrome_kind(kicker) is None:
            return text, None
        if not _kicker_boundary(head, words[:k]):
            return text, None
        return rest, kicker
    return text, None


# what a renderer glues after a headline is a widget's label; a footer's or a tag list's words
# (`jobs`, `contact`, `privacy`) end headlines too: `... on the latest jobs report`
_WIDGET_KINDS = frozenset(("skip_link", "share", "comments", "read_time", "gallery", "image", "form", "advertisement"))


def _trailing_chrome(text: str) -> str | None:
    """A widget label the renderer glued after the headline (`... jobs report Back to video`): two
    to four words (a headline may end in one chrome word: `... to ban ads`, `Police search`)."""
    words = text.split()
    for k in range(min(4, len(words) - 3), 1, -1):
        tail = " ".join(words[-k:])
        if chrome_kind(tail) in _WIDGET_KINDS:
            return tail
    return None


def _kicker_boundary(head: str, words: list[re.Match[str]]) -> bool:
    """Where a kicker ends: a dash, bar or quote, glued words (`beginnen"Trump`), or a phrase of its
    own whose last word is capitalised (`Neue Leipziger Schule`), not words that run on into the
    headline (`Legal opinion expected after`, the article `El`)."""
    if not head.endswith(" ") or head.rstrip()[-1:] in '–—-|"“”»«:':
        return True
    return len(words) >= 2 and words[-1].group()[:1].isupper()


def _find_headline(lines: list[Line], start: int, end: int, url: str) -> int | None:
    """The headline-like line that best fits: spelt by the URL's slug, printed twice on the page
    (breadcrumbs, share widgets), near the copy's start (above it, or among its first lines when
    the copy was taken to start early), not a photo caption or a link label."""
    lo, hi = max(0, start - HEADLINE_LOOKBACK), min(end, start + HEADLINE_LOOKAHEAD)
    opening = next((i for i in range(start, hi) if _datelined(lines[i])), None)
    hi = hi if opening is None else opening  # below the copy's dateline the story has begun
    slug = _slug_tokens(url)
    # the copy follows the text's first line with no other headline-like line between them (an
    # export, a copy-paste); over another one, the first line is the site's name or a section label
    opens = start <= OPENING_TITLE_LINES and not any(map(_headline_like, lines[1:start]))
    # (a line of the run's prose is the headline only when the slug spells it: headlines end with a
    # quote or a full stop too)
    candidates = [
        i
        for i in range(lo, hi)
        if (_headline_like(lines[i], _lone_item(lines, i)) or (i == 0 and opens and _opening_title(lines[0])))
        and (i < start or not is_prose(lines[i].text) or _slug_share(lines[i].text, slug) >= SLUG_HEADLINE_SHARE)
        and not names_site(lines[i].text, url)
    ]
    if not candidates:
        return None
    texts = [line.text for line in lines]

    def score(i: int) -> float:
        text = texts[i]
        distance = start - 1 - i if i < start else 3 * (i - start + 1)  # below the start: less likely
        value = -0.03 * distance + 3 * _slug_share(text, slug)
        words = _words(text)
        if i < start and words >= 4 and sum(1 for t in texts if t.startswith(text)) > 1:
            value += 1.0  # a headline printed twice; a label printed twice (`Menu`) is no headline
        if 4 <= words <= 30:
            value += 0.5
        if words >= 5 and any(
            line.kind in ("timestamp", "byline")
            for line in (*lines[i + 1 : i + 3], *lines[max(0, i - 1) : min(i, start)])
        ):
            value += 0.5  # the date or byline printed under (or just over) a headline
        if text.endswith((".", "。", "．")):
            value -= 1.5  # headlines seldom end with a full stop; notices and captions do
        if _CREDIT_MARK.search(text) or credited_in(text[-40:]):
            value -= 3
        if i == 0 and opens:
            value += OPENING_TITLE_BONUS  # the text opens with it, the copy right under it
        return value

    return max(candidates, key=score)


OPENING_TITLE_BONUS = 2.5
OPENING_TITLE_LINES = 6  # a title, its byline, date and standfirst lines: then the copy


def _opening_title(line: Line) -> bool:
    """A short title the text opens with (`„Unermüdlicher Einsatz“`): two words are enough there."""
    return line.kind is None and not line.bullet and 2 <= _words(line.text) < 3 and not _SENTENCE_END.search(line.text)


TERMINATORS = frozenset({"related", "comments", "footer", "consent"})
# chrome that stands inside the copy (a slideshow's counter too): no evidence either way
INLINE_KINDS = frozenset({"embed", "advertisement", "gallery", "privacy_notice", "promotion"})
TERMINATOR_PENALTY = 120  # a "Related" heading inside the copy (a box) costs less than the copy after it
MIN_COPY = 300  # characters of prose before the copy's own lines are told from teasers


def _mark_teasers(lines: list[Line], start: int) -> None:
    """Teasers of other stories below the copy read like prose; what gives them away is their
    company: a date line beside a summary, or their title printed again in a line next to them."""
    prose = 0
    seen: dict[str, int] = {}
    for line in lines:
        seen[line.text] = seen.get(line.text, 0) + 1
    head_zone = lines[max(0, start - HEADLINE_LOOKBACK) : start + HEADLINE_LOOKAHEAD]  # the article's own date
    above = "\n".join(line.text for line in head_zone)
    own_days = {when.date() for line in head_zone if line.kind == "timestamp" and (when := find_date(line.text))}

    def stamp(j: int) -> bool:
        """Another story's date; the article's own (under its byline, printed again at its foot or
        under a video inside it) is not."""
        line = lines[j]
        if line.kind != "timestamp" or line.text in above or lines[j - 1].kind == "byline":
            return False
        when = find_date(line.text)
        return when is None or when.date() not in own_days

    def closes_card(j: int, i: int) -> bool:
        """A date under a teaser found above it is that card's, not the next paragraph's."""
        return j < i and any(lines[k].kind == "teaser" for k in range(max(0, j - CARD_GAP), j))

    for i in range(start, len(lines)):
        line = lines[i]
        if line.kind is not None or not is_prose(line.text):
            continue
        prose += _width(line.text)
        if prose - _width(line.text) < MIN_COPY:
            continue
        around = [j for j in range(max(start, i - 2), min(len(lines), i + 3)) if j != i]
        near = [lines[j] for j in around]
        if _datelined(line):
            continue  # the agency's dateline opens copy, not a teaser
        if any(lines[j].text == line.text for j in (i - 1, i + 1) if j < len(lines)):
            _picture_caption(line)  # a picture's text printed again right under it (alt text, caption, lightbox)
            continue
        if i + 1 < len(lines) and _described_twice(line, lines[i + 1]):
            _picture_caption(line)  # a picture's description, then again with its credit
            _picture_caption(lines[i + 1])
            continue
        head = line.text[:40]
        # a summary's date stands beside it; a long paragraph is dated only by the line right under
        # it (a date over it, or two lines down, belongs to a box inside the copy)
        short = len(line.text) < TEASER_CHARS
        dated = any(
            stamp(j) and not closes_card(j, i) for j in (around if short else range(i + 1, min(len(lines), i + 2)))
        )
        if (
            seen[line.text] > 1
            or dated
            or any(n.kind is None and len(n.text) >= 20 and (n.text in line.text or head in n.text) for n in near)
        ):
            line.kind = "teaser"
    _mark_cards(lines, start)


TEASER_CHARS = 300  # a teaser's summary: a sentence or two
CARD_GAP = 4  # lines from one card's summary to the next (picture text, kicker, title)
CARDS_MIN = 3


def _mark_cards(lines: list[Line], start: int) -> None:
    """A list of other stories below the copy: title line, a summary sentence or two, again and
    again (`[picture] / title / summary` cards). Copy keeps a run of paragraphs, or a long one,
    between its subheads; questions (`Who pays?`) head explainers' paragraphs, not cards. (Copy
    with a statement subhead over each of three short paragraphs in a row reads as cards.)"""
    prose, chain = 0, []

    def close() -> None:
        if len(chain) >= CARDS_MIN:
            for j in chain:
                lines[j].kind = "teaser"

    for i in range(start, len(lines)):
        line = lines[i]
        if line.kind is not None or not is_prose(line.text):
            continue
        prose += _width(line.text)
        card = prose - _width(line.text) >= MIN_COPY and len(line.text) < TEASER_CHARS and _titled(lines[i - 1])
        if card and chain and i - chain[-1] <= CARD_GAP:
            chain.append(i)
            continue
        if not card and chain and chain[-1] == i - 1 and _picture_text(lines, i):
            continue  # the next card's picture text, between a card and the next card's title
        close()
        chain = [i] if card else []
    close()


PICTURE_TEXT_CHARS = 150


def _picture_text(lines: list[Line], i: int) -> bool:
    """A picture's description over a card's title (renderers print alt text as a line)."""
    return len(lines[i].text) < PICTURE_TEXT_CHARS and i + 1 < len(lines) and _titled(lines[i + 1])


def _linked_twice(a: Line, b: Line) -> bool:
    """Two title lines in a row, one the other with a label added (`Robinho ... cell FALL FROM
    GRACE` over `Robinho ... cell`): the same link printed twice."""
    if not (_titled(a) and _titled(b)) or a.text == b.text:
        return False
    short, long = sorted((a.text, b.text), key=len)
    return len(short) >= 20 and long.startswith(short)


def _picture_caption(line: Line) -> None:
    """A caption known by its picture (printed twice): no evidence of copy, like text under an image."""
    line.kind, line.after_image = "caption", True


CAPTION_PREFIX = 25  # characters a picture's two descriptions share


def _described_twice(a: Line, b: Line) -> bool:
    """`Blue dress by ANNA.` over `Blue dress, by ANNA.Photo: Jan Holm. Styling: ...`"""
    return (
        a.kind is None
        and b.kind in (None, "caption")
        and len(a.text) >= CAPTION_PREFIX
        and a.text[:CAPTION_PREFIX] == b.text[:CAPTION_PREFIX]
        and (_CREDIT_MARK.search(b.text) is not None or _CAPTION_END.search(b.text) is not None)
    )


def _titled(line: Line) -> bool:
    """A title line: a few words, not a sentence (`Men hun har ikke glemt sine rødder.` is one)."""
    text = line.text
    return line.kind is None and 3 <= _words(text) <= 25 and not is_prose(text) and not text.endswith((".", "!", "?"))


def _extend_over_trailers(lines: list[Line], end: int) -> int:
    """Sign-offs, desk slugs and signatures stand in short lines after the last paragraph: they
    belong to the copy (the agency rules read them), not to the page."""
    pattern = any_trailer()
    last = end
    for i in range(end, min(len(lines), end + 4)):
        if pattern.fullmatch(lines[i].text):
            last = i + 1
    return last


DATE_LINE_CHARS = 200  # a date in a longer line is part of a sentence, not the page's date


def _date_near(
    lines: list[Line],
    lo: int,
    hi: int,
    language: str | None,
    kinds: tuple[str | None, ...] | None = None,
    longest: int = DATE_LINE_CHARS,
) -> datetime | None:
    for line in lines[max(0, lo) : max(0, hi)]:
        fits = len(line.text) < longest and (kinds is None or line.kind in kinds)
        if fits and (when := find_date(line.text, language) or short_date(line.text)):
            return when
    return None


def published_at(
    lines: list[Line], head: int | None, start: int, end: int, url: str, language: str | None
) -> datetime | None:
    """The date the page prints with the article: a date line beside the headline or the first
    lines of the copy, else any date there, else just above the headline, else a date line
    further down or a short line with a date right under the copy, else the URL's. A dump prints
    local times without their zone: the day is kept, at noon UTC, so that it survives any offset;
    the time of day is not claimed."""
    top = head if head is not None else start - 8
    stamps = ("timestamp", "byline")
    when = (
        _date_near(lines, top - 2, min(end, start + 8), language, stamps)
        or _date_near(lines, top - 2, min(end, start + 8), language)
        or _date_near(lines, top - 15, top - 2, language)
        or _date_near(lines, start + 8, end, language, stamps)
        or _date_near(lines, start + 8, end, language, longest=80)
        or _date_near(lines, top - 60, top - 15, language, longest=80)
        or _date_near(lines, end, end + 40, language, stamps)
        or _date_near(lines, end, end + 3, language, longest=80)  # `5 gennaio 2025 (modifica il ...)` under it
        or find_date(unquote(urlsplit(url).path))
    )
    return when.replace(hour=12, minute=0) if when else None


def _prose_offset(lines: list[Line]) -> int:
    widths = sorted(_width(line.text) for line in lines if line.kind is None and is_prose(line.text))
    typical = widths[len(widths) // 2] if widths else 0
    low, high = PROSE_OFFSET_BOUNDS
    return max(low, min(high, int(PROSE_OFFSET_SHARE * typical)))


BYLINE_IN_COPY = 6  # lines into the copy a byline may stand (after a standfirst, a date line)
_BYLINE_LABEL = re.compile(
    r"(?:autor(?:in)?|authors?|auteur|autore)(?: (?:of the article|des artikels|de l'article))?\s*:", re.I
)


def _copy_byline(line: Line, prose_seen: int, common: frozenset[str]) -> str | None:
    """The names of a byline line, of a date line that begins with a name, or of a name alone
    before any prose but a standfirst, among the copy's first lines."""
    if line.kind == "byline":
        return byline_names(line.text)
    if line.kind == "timestamp":
        return _dated_name(line.text, common)
    return _names_alone(line.text, common) if line.kind is None and prose_seen <= 1 else None


# picture libraries and their words: a credit under a picture ("Getty Images") is no author
_PICTURE_SOURCE = re.compile(
    r"\b(?:images?|photos?|fotos?|bilder|getty|shutterstock|alamy|imago|istock(?:photo)?|picture[- ]alliance|"
    r"keystone|bildagentur)\b",
    re.I,
)


def _name_alone(text: str, common: frozenset[str]) -> bool:
    """A person's name on a line of its own: capitalised words that the page's prose does not
    also use as ordinary lower-case words (`Play Video`, `Key Events`, `Zur Playlist` are labels),
    nor a picture library's credit (`Getty Images`)."""
    if not _NAME_LINE.fullmatch(text) or _PICTURE_SOURCE.search(text):
        return False
    words = [w.lower() for w in text.split() if w[:1].isupper()]
    return sum(1 for w in words if w in common) * 2 < len(words)


_NAME_LIST_SPLIT = re.compile(r"\s*[|/]\s*|,\s*|\s+(?:and|und|&|et|y|og|och)\s+")
NAME_LIST_MAX = 6


def _names_alone(text: str, common: frozenset[str]) -> str | None:
    """Names on a line of their own, one or several (`Julia Vergin | Clare Roth`, `Ann Lee/Bo Ek`,
    `A, B and C`), each perhaps with its job title (`Thabo Mokone Parliamentary editor`): the
    names, comma-separated; None when any part is no name."""
    parts = [part for part in _NAME_LIST_SPLIT.split(text) if part]
    if not 0 < len(parts) <= NAME_LIST_MAX:
        return None
    names = [without_role(part) for part in parts]
    # an agency among them is credited as one (`Adam Vidler and AP`), but a name must be there
    if not all(_name_alone(name, common) or (i and name_to_code(name)) for i, name in enumerate(names)):
        return None
    return ", ".join(names)


# "Anna Berg, 26.04.2024", "Anna Berg | 2 hours ago", "Anna Berg 4 Febbraio 2025", "Anna Berg2 minutes ago"
_NAME_THEN_DATE = re.compile(r"(?P<name>[^,|·•\d]{5,60}?)\s*(?:[,|·•]\s*\S.*|(?=\d).*)\d")


def _dated_name(text: str, common: frozenset[str]) -> str | None:
    """The name a date line begins with (`Stefan Trunzik, 26.04.2024 10:00 Uhr`), if it is one."""
    if not (m := _NAME_THEN_DATE.match(text)):
        return None
    name = _without_month(m.group("name").strip())  # `Cristina Laila Apr 28, 2023`: the month is the date's
    return name if _name_alone(name, common) else None


def _lower_words(lines: list[Line]) -> frozenset[str]:
    """Words the page writes in lower case somewhere in its prose: common words, not names."""
    return frozenset(
        word
        for line in lines
        if line.kind is None and is_prose(line.text)
        for word in re.findall(r"\b[^\W\d_]+\b", line.text)
        if word.islower()
    )


def _undoubled(names: str) -> str:
    """ "Martin Gramnæs Martin Gramnæs" (a picture's alt text and the name): the name once."""
    words = names.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half and len(words) % 2 == 0 and words[:half] == words[half:] else names


def find_copy(lines: list[Line]) -> tuple[int, int]:
    """The article's lines, [start, end): the best run, found again once teasers are known."""
    offset = _prose_offset(lines)
    start, _ = best_run(_scores(lines, offset))
    _mark_teasers(lines, start)
    start, end = best_run(_scores(lines, offset))
    end = _before_comments(lines, start, end)
    end = _before_bio(lines, start, end)
    _mark_links(lines, start, end)
    _mark_link_lists(lines, start, end)
    _mark_credited_captions(lines, start, end)
    return start, end


# a caption's credit in brackets after its one sentence: "... released on Tuesday. (AP)"
_BRACKET_CREDIT = re.compile(r"[.!?]\s*\([A-ZÀ-Þ][^()\d.]{1,40}\)$")
_NEXT_SENTENCE = re.compile(r"[.!?]\s+[A-ZÀ-Þ]")
CREDITED_CAPTION_CHARS = 200


def _mark_credited_captions(lines: list[Line], start: int, end: int) -> None:
    """Pictures between paragraphs, each a sentence and its credit in brackets. (The copy's last
    paragraph may end with the agency's credit the same way: `... ermittelt. (dpa)` stays.)"""
    last_prose = max((i for i in range(start, end) if lines[i].kind is None and is_prose(lines[i].text)), default=start)
    for i in range(start, last_prose):
        line = lines[i]
        text = line.text
        if (
            line.kind is None
            and len(text) < CREDITED_CAPTION_CHARS
            and (m := _BRACKET_CREDIT.search(text))
            and not _NEXT_SENTENCE.search(text, 0, m.start() + 1)
        ):
            _picture_caption(line)


LINK_LIST_MIN = 4  # short lines in a row inside the copy: a box of links, not a subhead


def _mark_link_lists(lines: list[Line], start: int, end: int) -> None:
    """A box of links inside the copy (`Schlagzeilen` and ten titles): four or more short lines in
    a row that are neither sentences nor list items, once the copy has begun (above it stand the
    headline, kicker, byline and date lines); a subhead stands alone over its paragraph."""
    run: list[int] = []
    prose = 0
    for i in range(start, end + 1):
        line = lines[i] if i < end else None
        if line is not None and line.kind is None and not is_prose(line.text):
            if not line.bullet and prose >= MIN_COPY:
                run.append(i)
                continue
        elif line is not None and line.kind is None:
            prose += _width(line.text)
        if len(run) >= LINK_LIST_MIN and not any(n.kind in ("byline", "timestamp") for n in lines[i : i + 4]):
            for j in run:  # (short lines over a byline or date line are the headline's zone)
                lines[j].kind = "link_list"
        run = []


def _mark_links(lines: list[Line], start: int, end: int) -> None:
    """Links to other stories inside the copy (a box of them between paragraphs), each printed
    twice: teasers, left out of the body, though the copy runs on around them. A short line
    printed twice in a row once the copy has begun is a picture's text and its caption."""
    prose = 0
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.text] = counts.get(line.text, 0) + 1
    boxed: set[str] = set()
    for i in range(start + 1, end):
        a, b = lines[i - 1], lines[i]
        if a.kind is None and is_prose(a.text):
            prose += _width(a.text)
        if _linked_twice(a, b):
            a.kind = b.kind = "teaser"
        elif prose >= MIN_COPY and a.text == b.text and _titled(a):
            a.kind = b.kind = "caption"
        elif prose >= MIN_COPY and _titled(b) and counts[b.text] >= PAGE_REPEATS:
            boxed.add(b.text)  # a box of links printed again and again between the paragraphs
    for line in lines[start:end]:
        if line.kind is None and line.text in boxed:
            line.kind = "teaser"


# the author's bio under the article: "Paul Roe is a Brazilian writer and musician, a contributor ..."
# (the name capitalised, the rest in any case)
_BIO = re.compile(
    r"[A-ZÀ-Þ][\w'’.-]+(?: [A-ZÀ-Þ][\w'’.-]+){1,3} (?i:(?:is|was|ist|war|est|es|er|är) (?:\w+ ){0,12}?"
    r"(?:writer|journalist|reporter|editor|correspondent|contributor|columnist|author|freelancer|"
    r"redakteur(?:in)?|journalist(?:in)?|autor(?:in)?|korrespondent(?:in)?|journaliste|rédact(?:eur|rice)|"
    r"periodista|redactor(?:a)?|journalisti?|skribent))\b"
)
BIO_LINES = 3  # from the copy's end: a bio closes it, it does not stand in the middle


def _before_bio(lines: list[Line], start: int, end: int) -> int:
    """The copy ends above its author's bio (pages print it under the last paragraph)."""
    for i in range(max(start + 1, end - BIO_LINES), end):
        if lines[i].kind is None and _BIO.match(lines[i].text):
            return i
    return end


COMMENTS_LINE_MAX = 100  # a heading or notice, not a paragraph that mentions comments
ARTICLE_FOOT = 3  # lines from the share widget to the tags or "More on" heading under an article


def _before_comments(lines: list[Line], start: int, end: int) -> int:
    """Where the article visibly ends once its copy has begun: a comments heading (readers' posts,
    and whatever the page prints below them, read like prose but are not the story), or the
    article's foot, a share widget with tags or a "More on" heading right under it (pages that
    load the next story below print its copy after that)."""
    prose = 0
    for i in range(start, end):
        line = lines[i]
        if prose >= MIN_COPY and len(line.text) <= COMMENTS_LINE_MAX:
            if line.kind == "comments":
                return i
            if line.kind == "share" and any(n.kind in ("tags", "related") for n in lines[i + 1 : i + 1 + ARTICLE_FOOT]):
                return i
        if line.kind is None and is_prose(line.text):
            prose += _width(line.text)
    return end


def extract_text(
    text: str,
    url: str,
    repeated: frozenset[str] = frozenset(),
    language: str | None = None,
    lines: list[Line] | None = None,
) -> tuple[Draft, list[Line]]:
    """Find the article in a dump. `repeated`: lines this site prints on many pages (see
    `repeated_lines`); `language`, when known, picks the month names dates are read with;
    `lines`: the dump's `logical_lines`, when the caller has them (they are classified in place)."""
    lines = _joined_bylines(logical_lines(text) if lines is None else lines)
    _classify(lines, repeated, url)
    start, end = find_copy(lines)
    if start == end:
        return Draft(
            url=url,
            headline=None,
            blocks=[],
            removed=[],
            extractor="text",
            is_article=False,
            not_article_reason="no article text found (no run of prose in the text)",
        ), lines
    end = _extend_over_trailers(lines, end)
    # a dateline printed on a line of its own just above the copy
    if start > 0 and dateline_hint().search(lines[start - 1].text) and _words(lines[start - 1].text) <= 8:
        start -= 1
    head = _find_headline(lines, start, end, url)
    zone_lo = head + 1 if head is not None else _lines_above(lines, start, HEAD_ZONE)
    if head is not None and head >= start:  # the copy starts after its headline
        zone_lo = start  # (a byline may stand between where the copy seemed to start and the headline)
        start = head + 1
    removed: list[Removed] = []
    meta_byline: list[str] = []
    common = _lower_words(lines)
    blocks: list[Block] = []
    guessed: int | None = None  # where the name alone taken for the author is, until a `By ...` line says otherwise
    for i, line in enumerate(lines[:start]):
        if i == head:
            removed.append(Removed("headline", line.text))
        elif i >= zone_lo and line.kind == "byline":
            if guessed is not None:  # a `By ...` line says who wrote it: the name alone was a label
                meta_byline.pop(0)
                removed[guessed] = Removed("pre_copy", removed[guessed].text)
                guessed = None
            meta_byline.append(_undoubled(byline_names(line.text) or line.text))
            removed.append(Removed("byline", line.text))
        elif i >= zone_lo and line.kind is None and not meta_byline and (names := _names_alone(line.text, common)):
            meta_byline.append(_undoubled(names))  # names alone between headline and copy: the authors
            guessed = len(removed)
            removed.append(Removed("byline", line.text))
        elif i >= zone_lo and line.kind == "timestamp" and not meta_byline and (name := _dated_name(line.text, common)):
            meta_byline.append(name)  # `Stefan Trunzik, 26.04.2024 10:00 Uhr`: the date line names its author
            removed.append(Removed("byline", line.text))
        elif i >= zone_lo and line.kind == "caption" and not meta_byline and _name_alone(line.text, common):
            meta_byline.append(line.text)  # a name alone under a picture near the headline: the author's photo
            removed.append(Removed("byline", line.text))
        elif i >= zone_lo and line.kind == "caption":  # the article's picture: the rules read its credit
            blocks.append(Block(line.text, "caption"))
        else:
            removed.append(Removed(line.kind or "pre_copy", line.text))
    prose_seen = 0
    for i, line in enumerate(lines[start:end], start):
        kind = line.kind
        if i < start + BYLINE_IN_COPY and _BYLINE_LABEL.fullmatch(line.text):
            removed.append(Removed("byline", line.text))  # "Author of the article:", the names below
            continue
        if not meta_byline and i < start + BYLINE_IN_COPY and (names := _copy_byline(line, prose_seen, common)):
            # the byline printed under the standfirst, inside what reads as the copy
            meta_byline.append(_undoubled(names))
            removed.append(Removed("byline", line.text))
            continue
        prose_seen += kind is None and is_prose(line.text)
        if kind in ("byline", "timestamp"):
            blocks.append(Block(line.text, "meta"))
        elif kind == "caption":
            blocks.append(Block(line.text, "caption"))
        elif kind is not None:
            removed.append(Removed(kind, line.text))
        elif not is_prose(line.text) and _words(line.text) <= 15 and _next_is_prose(lines, i, end):
            blocks.append(Block(line.text, "h"))
        elif line.bullet and not is_prose(line.text):
            removed.append(Removed("pre_copy" if not blocks else "list_chrome", line.text))
        else:
            blocks.append(Block(line.text, "li" if line.bullet else "p"))
    removed.extend(Removed(line.kind or "after_copy", line.text) for line in lines[end:])
    if (not meta_byline or guessed is not None) and (names := _byline_near(lines, head, start)):
        if guessed is not None:  # a `By ...` line outside the head zone still outranks a name alone
            meta_byline.clear()
            removed[guessed] = Removed("pre_copy", removed[guessed].text)
        meta_byline.append(_undoubled(names))  # (its line is in `removed` as a byline already)
    published = published_at(lines, head, start, end, url, language)
    headline, kicker = without_kicker(lines[head].text, url) if head is not None else (None, None)
    if kicker:
        removed.append(Removed("kicker", kicker))
    if headline and (widget := _trailing_chrome(headline)):
        headline = headline[: -len(widget)].rstrip(" |·-–")
        removed.append(Removed(chrome_kind(widget) or "chrome", widget))
    meta = PageMeta(
        headline=headline,
        byline=tuple(meta_byline),
        published_at=published,
        language=language,
        site_name=site_name((line.text for line in lines), url),
    )
    draft = Draft(
        url=url,
        headline=meta.headline,
        blocks=blocks,
        meta=meta,
        page_lines=[line.text for line in lines[end:]],
        removed=removed,
        extractor="text",
    )
    return draft, lines


HEAD_ZONE = 8  # lines over the copy where its byline and date stand when no headline was found


def _lines_above(lines: list[Line], start: int, count: int) -> int:
    """Where `count` lines of text over `start` begin; widgets between them (share buttons, a
    slideshow's dots) do not count."""
    i, seen = start, 0
    while i > 0 and seen < count:
        i -= 1
        seen += lines[i].kind in (None, "byline", "timestamp", "caption")
    return i


# `By` on a line of its own, the names under it one per line (a list, links a dump broke apart)
_BY_ALONE = re.compile(r"(?:by|von|par|por|di|door|av|af)\s*:?", re.I)
# footnote marks and what joins the names: "Ann Lee^1,", "Bo Ek &"
_ITEM_MARKS = re.compile(r"(?:\s*\^?\d{1,2})?\s*(?:[,;&]|\b(?:and|und|et|y|og|och))?$")
_JOINERS = frozenset(("", ",", "&", "…", "...", "and", "und", "et", "y", "e", "og", "och"))
BYLINE_NAMES_MAX = 8
BYLINE_NAMES_CHARS = 100  # what a byline line holds (`BYLINE_LINE`)


def _joined_bylines(lines: list[Line]) -> list[Line]:
    """`By` alone on a line and the names listed under it, as one byline line: pages print the
    word and each name (a link, a list item with an affiliation mark) apart, dumps keep them apart."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        names: list[str] = []
        j = i + 1
        if _BY_ALONE.fullmatch(line.text) or _BYLINE_LABEL.fullmatch(line.text):
            while j < len(lines) and len(names) < BYLINE_NAMES_MAX:
                text = _ITEM_MARKS.sub("", lines[j].text)
                if text.lower() not in _JOINERS:
                    if not (_NAME_LINE.fullmatch(text) or name_to_code(text)):
                        break
                    name = without_role(text)
                    if len(", ".join([*names, name])) > BYLINE_NAMES_CHARS:
                        break
                    names.append(name)
                j += 1
        if names:
            by = "By" if _BYLINE_LABEL.fullmatch(line.text) else line.text.rstrip(" :")
            out.append(Line(f"{by} {', '.join(names)}"))
            i = j
        else:
            out.append(line)
            i += 1
    return out


def _byline_near(lines: list[Line], head: int | None, start: int) -> str | None:
    """The names of a `By` line the head zone missed: under the headline's first print (a page
    that prints its headline again lower down, over a video) or just over the copy (a headline
    taken from a caption below the byline)."""
    windows = []
    if head is not None:
        title = lines[head].text
        first = next((i for i in range(head) if _words(lines[i].text) >= 4 and title.startswith(lines[i].text)), head)
        windows.append(range(first + 1, min(first + 1 + HEAD_ZONE, start)))
    windows.append(range(max(0, start - HEAD_ZONE), start))
    for window in windows:
        for i in window:
            if lines[i].kind == "byline" and (names := byline_names(lines[i].text)):
                return names
    return None


def _next_is_prose(lines: list[Line], i: int, end: int) -> bool:
    return i + 1 < end and lines[i + 1].kind is None and is_prose(lines[i + 1].text)


def repeated_lines(pages: Iterable[str], min_pages: int = 3, share: float = 0.5) -> frozenset[str]:
    """Lines that recur on many pages of one site are its chrome (menus, widgets, footers), the
    way large web-text pipelines drop repeated lines: those on at least `min_pages` pages and at
    least `share` of them."""
    counts: dict[str, int] = {}
    total = 0
    for text in pages:
        total += 1
        for line in {line.text for line in logical_lines(text)}:
            counts[line] = counts.get(line, 0) + 1
    needed = max(min_pages, share * total)
    return frozenset(line for line, n in counts.items() if n >= needed)
