"""Draft -> clean text and wire fields, by applying every agency's declared conventions.

The engine is generic: it knows where conventions stand in copy (dateline at the start of the
first paragraph, trailers at the end, furniture lines anywhere) and asks each agency rule file
what they look like. What it takes out of the text goes to a field or to `removed`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from wirenorm.model import Block, Draft, PageMeta, Removed
from wirenorm.normalizer import budget
from wirenorm.normalizer.agencies import (
    all_agencies,
    any_line,
    any_trailer,
    credited_in,
    dateline_hint,
    name_to_code,
    page_mark_pattern,
)
from wirenorm.normalizer.agencies._rules import DATE
from wirenorm.normalizer.extract.site import TITLE_PARTS, names_site
from wirenorm.normalizer.names import DOMAIN, is_organisation, without_role
from wirenorm.normalizer.prefilter import may_match
from wirenorm.normalizer.spaces import space_runs

# evidence strength: a dateline tag beats a trailer beats a byline beats a photo credit
_DATELINE, _TRAILER, _BYLINE, _CREDIT = range(4)
_WS = space_runs(r" \t\u00a0\u2000-\u200b\u202f\u205f\u3000")
_TAGLESS_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>[A-Z][A-Z.'’/-]{{2,}}(?: [A-Z][A-Z.'’/-]+){{0,3}}"
    rf"(?:,\s*[A-Z][\w.]+(?: [A-Z][\w.]+){{0,2}})?)(?:,\s*(?P<date>{DATE}))?)\s*(?:—|–|--|-|:)\s+(?=\S)"
)
# "London: The Bank ...": a capitalised place and a colon; only where no label (`Update:`) stands
_COLON_DATELINE = re.compile(
    r"^(?P<dateline>(?P<place>[A-ZÀ-Þ][a-zß-ÿ]+(?:[ -][A-ZÀ-Þ][a-zß-ÿ]+){0,2}))\s?:\s+(?=[A-ZÀ-Þ\"“‘'])"
)
_LABELS = frozenset(
    {
        *("update", "updated", "analysis", "opinion", "comment", "editorial", "exclusive", "breaking", "watch"),
        *("video", "photos", "note", "live", "review", "interview", "explainer", "factbox", "timeline"),
        *("correction", "kommentar", "analyse", "meinung", "eilmeldung", "hintergrund", "fazit", "tipp"),
        *("foto", "fotos", "audio", "podcast", "achtung", "hinweis", "quelle", "frage", "antwort"),
    }
)
_BY = re.compile(r"^(?:(?:more stories |articles? )?by|von|par|por|di|door|av|af)\s+", re.I)
# names are listed with commas, or joined by "and" in the page's language (en, de, fr, es, it/pt, no/da, sv, nl, tr)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|&|\s+(?:and|und|et|y|e|og|och|en|ve)\s+)\s*", re.I)
# in a list of authors a slash parts names too ("Jane Roe/John Doe"); in a credit line it joins
# a photographer to an agency ("Foto: Jane Roe/Reuters"), so credit lines split without it
# (and a spaced dash parts what a byline line prints in a row: "Tom Davies - Associated Press - Friday")
_NAMES_SPLIT = re.compile(rf"{_BYLINE_SPLIT.pattern}|\s*/\s*|\s+[-–—]\s+", re.I)
# "Dolores Chang For Dailymail.Com", "Jane Roe for the Guardian": the outlet the person wrote for
_FOR_OUTLET = re.compile(
    r"(?<=\S)\s+(?:[Ff]or|[Ff]ür|[Pp]our|[Pp]ara|[Pp]er)\s+(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,3}$"
)
_BRACKETED = re.compile(r"\s*\(([^()]{1,20})\)\s*$")  # "Anna Muster (amu)": the author's initials, or "(dpa)"
_BYLINE_DATE = re.compile(
    r"\s+(?:(?:on|am|le|el)\s+)?(?:[A-Za-zäéû]{3,9}\.?\s+\d{1,2}\b|\d{1,2}\.?\s+[A-Za-zäéû]{3,9}\.?\s+\d{4}\b).*$"
)
_DASH_END = re.compile(r"\s*(?:—|–|--|-|:|\.-)\s*$")
# Trailer kinds strong enough to be read anywhere on the page, not only at the end of the copy:
# sites print sign-offs, copyright lines and agency ids in separate elements around the article.
PAGE_WIDE_KINDS = frozenset({"copyright", "signoff", "contributors", "disclaimer", "agency_id", "standards", "source"})
_BYLINE_BLOCK = re.compile(r"^(?:By|Par|Von|Por)\s+[A-Z][^\n]{1,80}$")
# Page furniture that sits inside article containers on many sites, whatever the agency.
_FURNITURE = (
    ("read_time", re.compile(r"\d{1,3} (?:Min|min|Minute|minute)s? (?:Read|read|Lesezeit)|Lesezeit:? \d{1,3} Min\.?")),
    ("slideshow", re.compile(r"Slideshow \( ?\d+ images? ?\)")),
    ("punctuation", re.compile(r"[\W_]{1,10}")),
    ("photo_credit", re.compile(r"(?:Photos?|Fotos?|Bild|Image|Picture|Credit)\s?:\s?(?P<credit>[^\n]{2,80})")),
    (
        "ui_label",
        re.compile(
            r"(?i)caption|close|back to gallery|hide caption|toggle caption|enlarge this image|share|print|email|"
            r"comments?|advertisement|anzeige|werbung|read more|weiterlesen|mehr zum thema|next|previous|"
            r"\d+ of \d+|\d+ / \d+|(?:places|organizations|people) in (?:this|the) story"
        ),
    ),
)
# Furniture lines and glued tails are short: longer text is not tested against their patterns,
# which keeps pathological pages (one 20 MB paragraph) linear and cheap.
LINE_MAX = 2000
TAIL_WINDOW = 600
CLOSING_KINDS = frozenset({"signoff", "contributors", "copyright", "standards", "agency_id"})
_STAMP_WORDS = frozenset(
    [
        "updated",
        "published",
        "posted",
        "last",
        "modified",
        "aktualisiert",
        "am",
        "publiziert",
        "veröffentlicht",
        "erstellt",
        "stand",
        "uhr",
        "mis",
        "à",
        "jour",
        "le",
        "publié",
        "actualizado",
        "publicado",
        "el",
        "on",
        "at",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "est",
        "edt",
        "cst",
        "cdt",
        "pst",
        "pdt",
        "gmt",
        "utc",
        "cet",
        "cest",
        "mez",
        "mesz",
        "bst",
        "ist",
        "jst",
        "kst",
    ]
)
_WEEKDAYS = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|"
    r"mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)"
    r"[a-z]*\.?,?$",
    re.I,
)
_MONTHS = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez|"
    r"janv|févr|mars|avr|juin|juil|août|sept|déc|ene|abr|ago|dic)[a-zéûä]*\.?,?$",
    re.I,
)


WireField = Literal[
    "dateline", "dateline_place", "desk_slug", "photo_caption", "photo_credit", "signature", "site_code"
]


class TrailerHit(NamedTuple):
    code: str  # the agency whose convention matched
    kind: str  # what the line is: signoff, copyright, desk_slug, contributors...
    match: re.Match[str]


@dataclass
class WireFields:
    """What the engine read off the copy; merged with page metadata into the Article."""

    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    body_parts: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    evidence: list[tuple[int, str]] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    dateline: str | None = None
    dateline_place: str | None = None
    desk_slug: str | None = None
    photo_caption: str | None = None
    photo_credit: str | None = None
    signature: str | None = None  # a republisher's pseudonymous signature (`K.Morris--PI`)...
    site_code: str | None = None  # ...and the site's code it carries

    def credit(self, code: str | None, strength: int) -> None:
        if code:
            self.evidence.append((strength, code))

    def set_once(self, key: WireField, value: str | None) -> None:
        """The first reading wins: the copy's own line before later, weaker places."""
        if value and not getattr(self, key):
            setattr(self, key, value.strip())

    @property
    def agencies(self) -> list[str]:
        ordered = sorted(enumerate(self.evidence), key=lambda ie: (ie[1][0], ie[0]))
        return list(dict.fromkeys(code for _, (_, code) in ordered))


def clean_text(text: str) -> str:
    """NFC, one kind of space, no zero-width characters; dashes are left as printed."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\ufeff", "")
    return _WS.sub(" ", text).strip()


def _split_lines(blocks: list[Block]) -> list[Block]:
    out = []
    for block in blocks:
        for line in block.text.split("\n"):
            if line := clean_text(line):
                out.append(Block(line, block.kind, block.tag))
    return out


def is_timestamp(text: str) -> bool:
    """A short line that is only a date/time, perhaps labelled (`Updated Nov. 20, 2019 6:02 AM EST`)."""
    if len(text) > 70 or not re.search(r"\d", text):
        return False
    tokens = re.sub(r"(\D)(\d)", r"\1 \2", text).replace("|", " ").split()
    dateish = sum(
        1
        for t in tokens
        if re.fullmatch(r"[\d.:/,-]+h?", t)
        or _MONTHS.match(t)
        or _WEEKDAYS.match(t)
        or t.lower().strip(".,:") in _STAMP_WORDS
    )
    return dateish == len(tokens)


def _furniture(block: Block, found: WireFields) -> bool:
    """Photo credits, captions, separators, graphics: True when the block was taken out."""
    if len(block.text) > LINE_MAX:  # a paragraph, whatever its first words look like
        return _caption(block, found)
    for kind, rx in _FURNITURE:
        if m := rx.fullmatch(block.text):
            if credit := m.groupdict().get("credit"):
                found.set_once("photo_credit", credit)
                for code in credited_in(credit):
                    found.credit(code, _CREDIT)
            found.removed.append(Removed(kind, block.text))
            return True
    if (hit := _match_trailer(block.text)) and hit.kind in PAGE_WIDE_KINDS:
        found.credit(hit.code, _TRAILER)
        found.removed.append(Removed(hit.kind, block.text))
        return True
    if not any_line().fullmatch(block.text):
        return _caption(block, found)
    if is_timestamp(block.text):
        found.removed.append(Removed("timestamp", block.text))
        return True
    for agency in all_agencies():
        for kind, rx in agency.lines:
            m = rx.fullmatch(block.text)
            if m is None:
                continue
            groups = m.groupdict()
            if kind in ("photo_caption", "photo_credit") and groups.get("credit"):
                credit = groups["credit"].strip()
                if found.photo_credit is None:
                    found.set_once("photo_credit", credit)
                    found.set_once("photo_caption", groups.get("caption"))
                found.credit(agency.code, _CREDIT)
            found.removed.append(Removed(kind, block.text))
            return True
    return _caption(block, found)


def _caption(block: Block, found: WireFields) -> bool:
    """Blocks the page itself marks as caption, credit or byline/time line (see `Block.kind`)."""
    if block.kind == "caption":
        found.set_once("photo_caption", block.text)
        found.removed.append(Removed("photo_caption", block.text))
    elif block.kind == "credit":
        found.set_once("photo_credit", block.text)
        for code in credited_in(block.text):
            found.credit(code, _CREDIT)
        found.removed.append(Removed("photo_credit", block.text))
    elif block.kind == "meta":
        found.removed.append(Removed("timestamp" if is_timestamp(block.text) else "byline", block.text))
    else:
        return False
    return True


def _subhead(block: Block) -> str | None:
    for agency in all_agencies():
        if agency.subhead is not None and (m := agency.subhead.fullmatch(block.text)):
            return m.group("text").strip()
    if block.kind == "h" and len(block.text) < 200:
        return block.text
    return None


def _match_trailer(text: str) -> TrailerHit | None:
    if not any_trailer().fullmatch(text):
        return None
    for agency in all_agencies():
        for kind, rx in agency.trailers:
            if m := rx.fullmatch(text):
                return TrailerHit(agency.code, kind, m)
    return None


def _strip_trailers(blocks: list[Block], found: WireFields) -> None:
    """Pop sign-offs, copyright lines, slugs and glued tails off the end, in place.

    They are recorded in page order (the first trailer line first), as a reader sees them.
    """
    taken: list[Removed] = []
    while blocks:
        last = blocks[-1]
        if hit := _match_trailer(last.text):
            code, kind, m = hit
            if kind == "desk_slug":
                found.set_once("desk_slug", m.group(0))
            elif kind == "signature":
                found.set_once("signature", m.group("signature"))
                found.set_once("site_code", m.group("site_code"))
            found.credit(code, _TRAILER)
            taken.append(Removed(kind, last.text))
            blocks.pop()
            continue
        offset = max(0, len(last.text) - TAIL_WINDOW)  # tails are glued to the end: look there only
        end = last.text[offset:]
        tail = next(
            (TrailerHit(a.code, kind, m) for a in all_agencies() for kind, rx in a.tails if (m := rx.search(end))),
            None,
        )
        if tail is None or offset + tail.match.start() == 0:
            break
        code, kind, m = tail
        found.credit(code, _TRAILER)
        taken.append(Removed(kind, m.group(0).strip()))
        last.text = last.text[: offset + m.start()].rstrip()
    found.removed.extend(reversed(taken))


def _search_copyright(line: str) -> TrailerHit | None:
    """A copyright notice inside a footer line (`Terms Privacy ©2016 Bloomberg L.P. ...`); the
    caller has checked the line for an agency's mark."""
    for agency in all_agencies():
        for kind, rx in agency.trailers:
            if kind == "copyright" and (m := rx.search(line)):
                return TrailerHit(agency.code, kind, m)
    return None


def _cut_after_closing(blocks: list[Block], found: WireFields) -> None:
    """The copy ends at its last closing line (sign-off, contributors, copyright) in its second
    half; what follows is page chrome (topic lists, promotions), kept as `after_copy`."""
    for i in range(len(blocks) - 1, len(blocks) // 2 - 1, -1):
        hit = _match_trailer(blocks[i].text)
        if hit and hit.kind in CLOSING_KINDS:
            found.removed.extend(Removed("after_copy", b.text) for b in blocks[i + 1 :])
            del blocks[i + 1 :]
            return


def _page_trailers(lines: list[str], found: WireFields) -> None:
    """Sign-offs and copyright lines printed outside the article container. (A line the extractor
    already cut as page chrome, a footer's `Privacy Policy ©2016 Bloomberg L.P. ...`, is read too:
    only lines already read as trailers are skipped.)"""
    seen = {r.text for r in found.removed if r.kind in PAGE_WIDE_KINDS or r.kind in CLOSING_KINDS}
    for line in lines:
        if not page_mark_pattern().search(line):
            continue
        line = clean_text(line)
        if line in seen:
            continue
        if not (hit := _match_trailer(line)) or hit.kind not in PAGE_WIDE_KINDS:
            hit = _search_copyright(line)
            if hit is None:
                continue
            line = hit.match.group(0).strip()
        seen.add(line)
        found.credit(hit.code, _TRAILER)
        found.removed.append(Removed(hit.kind, line))


def _tagged_dateline(text: str, found: WireFields, weak: bool) -> re.Match[str] | None:
    """A dateline that names its agency (`SEOUL, Aug. 20 (Yonhap) --`), or a weak form of an
    agency already credited elsewhere on the page (dpa's `Riad. `)."""
    if not dateline_hint().search(text, 0, 200) and not weak:
        return None
    credited = {code for _, code in found.evidence}
    for agency in all_agencies():
        forms = [rx for rx, required in agency.datelines if may_match(required, text)]
        if weak and agency.weak_dateline is not None and agency.code in credited:
            forms.append(agency.weak_dateline)
        for rx in forms:
            m = rx.match(text)
            if m and len(m.group(0)) < len(text):
                found.credit(agency.code, _DATELINE)
                return m
    return None


def _find_dateline(blocks: list[Block], found: WireFields) -> None:
    """Take the dateline off the paragraph that opens the copy, in place.

    Wire copy starts with its dateline, so blocks before a tagged dateline (gallery captions, UI
    labels, teasers of other stories) are page chrome and go to `removed`. A dateline without an
    agency tag is only trusted on the first paragraphs.
    """
    first = True  # the weak form only on the first paragraph (a picture's caption may stand over it)
    for i, block in enumerate(blocks[:20]):
        if block.kind not in ("p", "li"):
            continue
        weak, first = first, False
        if m := _tagged_dateline(block.text, found, weak=weak):
            found.removed.extend(Removed("pre_copy", b.text) for b in blocks[:i])
            block.text = _take_dateline(block.text, m, found)
            del blocks[:i]
            return
    paragraphs = [b for b in blocks[:6] if b.kind == "p" and len(b.text) > 40][:2]
    for block in paragraphs:
        m = _TAGLESS_DATELINE.match(block.text) or _COLON_DATELINE.match(block.text)
        if m and m.group("place").lower() not in _LABELS:
            block.text = _take_dateline(block.text, m, found)
            return


def _take_dateline(text: str, m: re.Match[str], found: WireFields) -> str:
    dateline = _DASH_END.sub("", m.group("dateline")).strip()
    groups = m.groupdict()
    place = (groups.get("place") or "").strip().rstrip(",").strip()
    found.dateline = dateline
    if place:
        found.dateline_place = place
    found.removed.append(Removed("dateline", m.group(0).strip()))
    return text[m.end() :].lstrip()


def _agency_credit_line(text: str) -> bool:
    """`AFP, MANILA` or `Le Figaro et AFP`: a short credit line that names an agency."""
    if len(text) > 80 or (_DASH_END.search(text) and text.endswith("-")):
        return False
    parts = [p.strip(" .") for p in _BYLINE_SPLIT.split(_BY.sub("", text)) if p.strip(" .")]
    return 1 <= len(parts) <= 4 and any(name_to_code(p) for p in parts) and not re.search(r"[.!?]$", text)


# Job titles printed after a name in bylines ("Christian Unger, Redakteur")
_ROLE = re.compile(
    r"(?:(?:leitende[rn]?|stellvertretende[rn]?|senior|chief|chef-?)\s*)?"
    r"(?:redakteur(?:in)?|chefredakteur(?:in)?|volontär(?:in)?|reporter(?:in)?|korrespondent(?:in)?|"
    r"journalist(?:in)?|autor(?:in)?|editor|correspondent|(?:[\w ]+ )?staff writers?|contributor|columnist|"
    r"kolumnist(?:in)?|"
    r"rédacteur|rédactrice|journaliste|redactor(?:a)?|periodista|corresponsal|journalist)"
    r"(?:\s+(?:für|for|de|del|pour)\s+[\w &-]{2,40})?",
    re.I,
)


_GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-Z])")


def _split_agency_tail(part: str) -> tuple[str, str | None]:
    """A person's name with an agency glued after it, as some bylines print them."""
    words = part.split()
    for n in range(min(4, len(words) - 2), 0, -1):
        if code := name_to_code(" ".join(words[-n:])):
            return " ".join(words[:-n]), code
    for glued in _GLUED.finditer(part):  # a dump glues the two: "Konstantin FurrerDeutsche Presse-Agentur"
        if " " in part[: glued.start()] and (code := name_to_code(part[glued.start() :])):
            return part[: glued.start()], code
    return part, None


def _read_byline(
    names: list[str], found: WireFields, site_name: str | None = None, agencies_as_authors: bool = False
) -> list[str]:
    """People into `byline`, agencies into the evidence. E-mail addresses and bracketed initials
    are not authors; the site itself is one only where the page credits no person.
    `agencies_as_authors`: the page names the agency as the author (its author metadata), so the
    credit stays in the byline too. Returns the organisations it read (the site, a publisher)."""
    after_agency = False
    organisations: list[str] = []
    for raw in names:
        for part in _NAMES_SPLIT.split(_BY.sub("", clean_text(raw))):
            part = _BYLINE_DATE.sub("", part).strip(" .|")
            if len((bare := _FOR_OUTLET.sub("", part)).split()) >= 2:
                part = bare.split(" | ")[0]  # "Amy Roe | NJ Advance Media for NJ.com": the affiliation too
            if (bracket := _BRACKETED.search(part)) and part[: bracket.start()].strip():
                if code := name_to_code(bracket.group(1)):
                    found.credit(code, _BYLINE)
                part = part[: bracket.start()].strip()
                if DOMAIN.search(bracket.group(1)):  # "Deutsche Welle (www.dw.com)": a publisher
                    organisations.append(part)
                    continue
            if not part or any(ch.isdigit() for ch in part) or _WEEKDAYS.match(part):
                continue  # a date or time printed with the names is not a name
            part, glued = _split_agency_tail(part)
            if glued:  # "Vasilisa Stepanenko The Associated Press": a person, then the agency
                found.credit(glued, _BYLINE)
            if _ROLE.fullmatch(part):
                continue  # "Redakteurin für Finanzen" is the person's job, not a person
            code = name_to_code(part)  # "AP Sports Writer" is the agency's credit, as printed
            if code is None:
                part = without_role(part)  # "Emma Roe Lifestyle Writer": the person, not the job
                code = name_to_code(part)
            if code:
                found.credit(code, _BYLINE)
                after_agency = True
                if agencies_as_authors and part not in found.byline:
                    found.byline.append(part)
                continue
            if "@" in part:
                continue
            if is_organisation(part, site_name):
                organisations.append(part)
                continue
            if after_agency and part.isupper() and len(part.split()) <= 3:
                found.set_once("dateline_place", part)
                continue
            after_agency = False
            if part not in found.byline and len(part) <= 80:
                found.byline.append(part)
    if not any(not name_to_code(name) for name in found.byline):  # nobody but agencies: the site wrote it
        found.byline[:0] = [o for o in dict.fromkeys(organisations) if o not in found.byline]
    return organisations


def _meta_byline(meta: PageMeta, site_name: str | None) -> tuple[WireFields, bool]:
    """The first of the page's author sources that names a person or an agency, and True; the
    first one at all and False when none does (the site itself is then the author)."""
    first: WireFields | None = None
    for names in (meta.byline, *meta.byline_fallbacks):
        found = WireFields()
        organisations = _read_byline(list(names), found, site_name, agencies_as_authors=True)
        if any(name not in organisations for name in found.byline):  # a person or an agency
            if first is not None:
                found.evidence.extend(first.evidence)  # an agency credited in the first stays credited
            return found, True
        first = first or found
    return first or WireFields(), False


_NAME = r"[A-ZÀ-ÞĀ-Ž][\w'’.-]+(?: [A-ZÀ-ÞĀ-Ž][\w'’.-]+){1,3}"
_NAMES_LINE = re.compile(rf"{_NAME}(?:\s*(?:/|,|&|\band\b)\s*{_NAME}){{0,3}}")
NAMES_LINE_MAX = 100


def _names_line(text: str) -> bool:
    """Names and nothing else, as printed: not a subhead in capitals ("İZMİR'DE YANGIN")."""
    return len(text) <= NAMES_LINE_MAX and not text.isupper() and bool(_NAMES_LINE.fullmatch(text))


def normalize_copy(draft: Draft) -> WireFields:
    """Apply agency conventions to a draft's blocks; pure: the draft is not modified."""
    found = WireFields(removed=list(draft.removed))
    blocks = _split_lines(draft.blocks)
    # "By NAME" and "AFP, MANILA" lines at the top of the copy are bylines, not paragraphs; being
    # what the reader sees, they win over the metadata's author list.
    byline_blocks = [b for b in blocks[:4] if _BYLINE_BLOCK.match(b.text) or _agency_credit_line(b.text)]
    site_name = draft.meta.site_name
    meta_byline, meta_names_author = _meta_byline(draft.meta, site_name)
    if not byline_blocks and draft.meta.byline and not meta_names_author:
        # the page declares only itself as author and prints the names alone above the copy
        byline_blocks = [b for b in blocks[:3] if _names_line(b.text)][:1]
    for block in byline_blocks:  # "Von dpa" credits the agency as the author; "AFP, MANILA" as the source
        _read_byline([block.text], found, site_name, agencies_as_authors=bool(_BY.match(block.text)))
        found.removed.append(Removed("byline", block.text))
        blocks.remove(block)
    found.evidence.extend(meta_byline.evidence)
    if not byline_blocks:
        found.byline = meta_byline.byline
        found.set_once("dateline_place", meta_byline.dateline_place)
    if credit_text := draft.meta.photo_credit:
        found.set_once("photo_credit", credit_text)
        for code in credited_in(credit_text):
            found.credit(code, _CREDIT)
    _cut_after_closing(blocks, found)
    _strip_trailers(blocks, found)
    _find_dateline(blocks, found)
    headline = clean_text(draft.headline or "")
    for block in blocks:
        budget.check()
        if headline and block.text == headline:
            found.removed.append(Removed("headline_repeat", block.text))
            continue
        if _furniture(block, found):
            continue
        if (heading := _subhead(block)) is not None:
            if heading != block.text:
                found.removed.append(Removed("subhead_marker", block.text))
            found.subheads.append(heading)
            found.body_parts.append(heading)
            continue
        if block.text:
            found.paragraphs.append(block.text)
            found.body_parts.append(block.text)
    _page_trailers(draft.page_lines, found)
    return found


# a space a renderer put between two inline elements, before a colon: `Basketball-Euroleague : Nach`
# (French typography sets that space; other languages do not)
_SPACED_COLON = re.compile(r"(?<=\w) +:(?= \S)")


def clean_headline(
    headline: str | None, site_name: str | None, found: WireFields, language: str | None = None, url: str = ""
) -> str | None:
    """Drop a site-name segment (the site's name, or a name its address spells: `... - Taipei
    Times` on taipeitimes.com) and a trailing agency tag such as ` (AAP)` from a headline."""
    if not headline:
        return None
    headline = clean_text(headline)
    if language and language != "fr":
        headline = _SPACED_COLON.sub(":", headline)
    if m := re.search(r"\s*\((?P<tag>[A-Za-z-]{2,12})\)$", headline):
        code = name_to_code(m.group("tag"))
        if code:
            found.credit(code, _BYLINE)
            found.removed.append(Removed("headline_agency_tag", m.group(0).strip()))
            headline = headline[: m.start()]
    parts = TITLE_PARTS.split(headline)
    if len(parts) > 1:
        site = (site_name or "").lower()
        keep = [
            p
            for p in parts
            if not (site and (p.lower() == site or p.lower() in site or site in p.lower()))
            and not name_to_code(p)
            and not names_site(p, url)
        ]
        if keep and len(keep) < len(parts):
            dropped = [p for p in parts if p not in keep]
            found.removed.append(Removed("headline_site", " | ".join(dropped)))
            headline = " - ".join(keep)
    return headline.strip() or None
