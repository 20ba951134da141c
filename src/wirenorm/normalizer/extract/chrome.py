"""Page chrome as it reads in a text dump, whatever the site: one pattern per kind of line.

Each kind is what lands in `removed` when a line of that kind is cut from a dump. The words are
the ones sites print in the languages of the pages we read (en, de, fr, es, it, pt, nl, no, sv,
da, tr); a line is chrome only when it is short and *all* of it fits, so a paragraph that mentions
a newsletter is never taken for one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from wirenorm.normalizer.extract.dates import find_date
from wirenorm.normalizer.prefilter import Vocabulary

# Share and follow widgets: a line made only of these words (and counts, separators).
_SHARE_WORDS = (
    r"share|shares|shared|teilen|geteilt|twittern|senden|mailen|partager|partagez|compartir|condividi|compartilhar|delen|del|dela|"
    r"paylaş|tweet|tweeten|twitter|x|facebook|messenger|whatsapp|telegram|linkedin|xing|pinterest|reddit|"
    r"flipboard|threads|bluesky|mastodon|e-?mail|mail|sms|send|print|drucken|imprimer|imprimir|stampa|"
    r"copy (?:article )?link|(?:increase|decrease|descrease) (?:article )?font size|"
    r"link kopieren|link wurde kopiert|link kopiert|link copied|kopiere den (?:aktuellen )?link|"
    r"copier le lien|"
    r"copiar enlace|copy|kopieren|save|speichern|merken|bookmark|"
    r"gift|gift article|share this (?:article|story|page|post)|share article|del artikkel|dela artikel(?:n)?|"
    r"del artikel|artikel teilen|artikel delen|partager l'article|compartir (?:el )?artículo|"
    r"condividi (?:l')?articolo|share on \w+|teilen auf \w+|share this (?:item|page)(?: (?:on|via) \w+)?|"
    r"send this page to someone via \w+|follow|folgen|suivre|seguir|follow us|folgen sie uns|"
    r"suivez-nous|síguenos|seguici|følg oss|följ oss|error occurred|"
    r"like|likes|gefällt mir|comment|comments|kommentar|kommentare|commentaires|comentarios|kommentarer|"
    r"listen|anhören|vorlesen|écouter|escuchar|lytt|lyssna|zoom|a\+|a-|a|aa|text size|schriftgröße|"
    r"to revisit this article, visit my profile, then view saved stories|saved stories|hai salvato un nuovo articolo|"
    r"artikel gespeichert|article (?:saved|sauvegardé)|"
    r"メールで送る|シェア|フォロー|フォローする|カテゴリーをフォローする|ツイート|ポスト|はてなブックマーク|ブックマーク|"
    r"リンクをコピーする|印刷|공유|공유하기|스크랩|인쇄|분享|分享"
)
_COUNT = r"\d[\d.,]*\s*[kKmM]?"
# where embedded posts, videos and charts come from
_PLATFORMS = (
    r"youtube|twitter|instagram|tiktok|facebook|spotify|vimeo|soundcloud|podigee|datawrapper|flourish|"
    r"infogram|bluesky|pinterest|google maps|apple podcasts"
)
SHARE = re.compile(rf"(?=.*[^\W\d])(?:(?:{_SHARE_WORDS}|{_COUNT})[\s:|/·•,()-]*)+", re.I)
# a share row starts with one of its words: a cheap test before the whole line is tried
_SHARE_START = re.compile(rf"(?:{_SHARE_WORDS}|{_COUNT})(?![^\W\d])", re.I)

_PRIVACY_LABEL = (
    r"(?:privacy (?:notice|policy|statement)|datenschutz(?:hinweis|erklärung)?|avis de confidentialité)\s*:"
)
# a line that opens with it is the notice, however long and however much it reads like prose
PRIVACY_LABEL = re.compile(_PRIVACY_LABEL, re.I)

_RULES: tuple[tuple[str, str], ...] = (
    (
        "skip_link",
        r"(?:skip|jump) to (?:main )?(?:content|navigation|search|footer)|zum (?:haupt)?inhalt(?: springen)?|"
        r"direkt zum inhalt|aller au contenu(?: principal)?|ir al contenido(?: principal)?|"
        r"hopp til (?:hoved)?innhold(?:et)?|gå till (?:huvud)?innehåll(?:et)?|naar de inhoud|menu|menü|"
        r"navigation|search|suche|rechercher|buscar|close|schließen|fermer|cerrar|open menu|menü öffnen|"
        r"back to (?:top|video)|zurück (?:nach oben|zum video)|retour en haut|メニュー|"
        r"show (?:more|less)|(?:mehr|weniger) anzeigen|mehr|more|vis (?:mer|mindre)|visa (?:mer|mindre)|"
        r"afficher (?:plus|moins)|"
        r"ver más|mostra (?:di più|altro)|toon meer|læs mere|"
        # a breadcrumb trail: "You are here: Home » News » ..."
        r"(?:you are here|sie sind hier|du befindest dich hier|vous êtes ici|usted está aquí|sei qui)\s*:.{0,200}",
    ),
    (
        "consent",
        # a cookie or privacy word and a consent cue: "We use cookies ... you accept"
        r"(?=.*\b(?:cookies?|consent|einwilligung|datenschutz\w*|privacy|gdpr|rgpd|tracking)\b)"
        r"(?=.*\b(?:accept\w*|agree|akzeptier\w*|zustimm\w*|einverstanden|we use|wir (?:verwenden|nutzen)|"
        r"settings|einstellungen|manage|verwalten|consent|einwilligung|policy|erklärung|accepter|aceptar)\b).{0,360}"
        # a privacy notice under a sign-up form: "Privacy Notice: Newsletters may contain ..."
        rf"|{_PRIVACY_LABEL}.{{0,400}}"
        # a consent button on a line of its own
        r"|(?:alle )?(?:zustimmen|akzeptieren)|(?:i )?agree|accept(?: all)?(?: cookies)?|ich stimme zu|"
        r"(?:tout )?accepter|aceptar(?: todo)?|accetta(?: tutto)?|godta(?: alle)?|acceptera(?: alla)?",
    ),
    (
        "newsletter",
        r".{0,80}\b(?:newsletters?|subscribe|subscription|abonnieren|abonnement|abo\b|abonnez|suscríbete|"
        r"sign up|anmelden|jetzt registrieren|register now|log ?in|einloggen|se connecter|iniciar sesión|"
        r"logg inn|logga in|already a subscriber|bereits abonnent|signing (?:you )?up|in your inbox|"
        r"welcome email)\b.{0,120}"
        r"|(?:enter )?(?:your |ihre |votre )?(?:e-?mail[- ]add?ress?e?|adresse e-?mail)(?: eingeben)?"
        r"|enter (?:your )?e-?mail|tu correo electrónico"
        r"|.{0,40}(?:ログイン|会員登録|新規登録|会員限定|有料会員|로그인|회원가입|구독하기).{0,40}",
    ),
    (
        "related",
        r"(?:related(?: (?:articles?|stories|content|topics|news|coverage))?|read more|read also|see also|"
        r"more (?:from|on|about|stories|news)\b.{0,40}|most (?:read|popular|viewed)(?: in [\w &-]{1,40})?|"
        r"trending(?: now)?|"
        r"recommended(?: for you)?|you (?:may|might) (?:also )?like|top stories|latest news|"
        r"mehr zum thema|mehr (?:aus|zu|von)\b.{0,40}|lesen sie (?:auch|mehr)|auch interessant|weitere artikel|"
        r"weitere informationen|weitere themen|mehr themen|more topics|other topics|"
        r"das könnte sie (?:auch )?interessieren|meistgelesen|empfehlungen|"
        r"à lire aussi|lire aussi|sur le même sujet|les plus lus|"
        r"lee también|leer más|más noticias|te puede interesar|"
        r"leggi anche|per approfondire|leia também|saiba mais|lees ook|meer nieuws|"
        r"les også|les mer|mer (?:fra|om)\b.{0,40}|fler(?:e)? (?:saker|nyheter|artikler)|läs också|läs mer|"
        r"mest läst|læs også|læs mere|plus sur|más sobre|meer over|ilgili haberler|devamını oku|"
        r"czytaj (?:więcej|też|także)|zobacz (?:też|także))"
        r"(?:\s*[:>»›→|-].{0,200})?"
        # a link to another story with its "more" label: "Rund 400 Feuerwehrleute protestieren | mehr"
        r"|.{5,200}\s[|»›>]\s*(?:mehr|more|weiterlesen|read more|lire la suite|leer más|les mer|läs mer)\s*[»›>]?",
    ),
    (
        "tags",
        r"(?:tags|topics|themen|schlagwörter|schlagworte|stichwörter|emner|ämnen|etiquetas|temas|sujets|"
        r"argomenti|onderwerpen|etiketler|konular)"
        r"(?: (?:zu )?(?:diesem|dieses|des) (?:artikel|artikels|beitrags))?\s*:?",
    ),
    (
        "disclaimer",
        # notices a site prints under every article: opinions, comments, investments, affiliate links,
        # ad blockers, syndication ("Capital ist eine Partnermarke des stern")
        r"(?:the )?(?:opinions|views) expressed (?:in this (?:article|column) )?are "
        r"(?:solely )?(?:those|the author).{0,800}"
        r"|die kommentare im forum geben nicht.{0,800}"
        r"|.{0,80}geben nicht (?:notwendigerweise )?die meinung der redaktion.{0,800}"
        r"|(?:aktien|wertpapiere), .{0,60}(?:sind|ist) grundsätzlich mit einem risiko verbunden.{0,800}"
        r"|(?:hinweis zu affiliate-links|affiliate[- ]hinweis|we may earn (?:a )?commission|"
        r"this (?:article|post) contains affiliate links).{0,800}"
        r"|.{0,120}\b(?:sind|are) affiliate[- ]links\b.{0,800}"
        r"|(?:ad ?block(?:er)? users|adblocker erkannt|you(?:'re| are) using an ad ?blocker).{0,800}"
        r"|.{0,40}\bist eine partnermarke (?:des|der|von)\b.{0,300}",
    ),
    (
        "embed",
        # the placeholder a consent tool leaves where a video or post from elsewhere would be: its
        # label, or a line naming the platform together with a permission or "external content"
        r"(?:empfohlener (?:redaktioneller )?inhalt|externer inhalt|recommended (?:editorial )?content|"
        r"external content|contenu externe|contenido externo|link zum [\w-]+-inhalt|[\w-]+-inhalte erlauben)"
        rf"|(?=.{{0,200}}$)(?=.*\b(?:{_PLATFORMS})\b)"
        r"(?=.*(?:\b(?:erlauben|einverstanden|zustimmen|aktivieren|allow|accept|enable|autoriser|accepter|"
        r"permitir)\b|\bextern\w* (?:inhalt|content|contenu|contenido))).*",
    ),
    (
        "comments",
        r"(?:(?:all|alle|tous les|todos los|tutti i)\s+)?(?:\d+\s+)?(?:comments?|kommentare?|commentaires?|"
        r"comentarios?|commenti|reacties|kommentarer|yorum(?:lar)?)(?:\s*\(\d+\)|\s+\d+)?|"
        r"(?:show|hide|view|load|post|add|write) (?:all )?comments?.{0,40}|"
        r"(?:leave|add|post) a (?:comment|reply)|kommentieren|kommentar schreiben|"
        r"(?:to )?(?:comment|reply),? (?:please )?(?:log in|sign in|register).{0,80}|"
        r"(?:please )?enable javascript to (?:view|see|load) the comments.{0,60}|"
        r"(?:- )?leggi e commenta|partecipa alla discussione|join the (?:discussion|conversation)|"
        r"diskutieren sie mit|participez (?:au débat|à la discussion)|únete a la conversación|"
        r"(?:bli med|delta) i (?:debatten|diskusjonen)",
    ),
    (
        "footer",
        # a notice that starts with the copyright sign may run long (company, register, address)
        r"(?:©|\(c\)\s|copyright\b).{0,800}"
        r"|(?:(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|"
        r"todos los derechos reservados|tutti i diritti riservati|impressum|imprint|kontakt|contact(?: us)?|"
        r"about us|über uns|terms(?: of (?:use|service))?|agb|nutzungsbedingungen|privacy|"
        r"mentions légales|aviso legal|sitemap|karriere|careers|jobs|mediadaten|advertise(?: with us)?|"
        r"barrierefreiheit|accessibility)\b).{0,160}",
    ),
    (
        "advertisement",
        r"(?:advertisement|anzeige|werbung|publicité|publicidad|pubblicità|annonse|annons|reklame|"
        r"sponsored(?: content)?|gesponsert|ad|ads|paid content|partner content|"
        r"story continues below(?: advertisement)?|article continues below|continue reading below|scroll to continue)"
        r"|.{0,30}\b(?:advertisement|anzeige|werbung|publicité|publicidad)\b.{0,30}",
    ),
    (
        "ticker",
        # quotes and rates: "DAX 18.492,16 +0,54%", "EUR/USD 1,0823", "AED 3.672501", "BTC ▲ 2.1%"
        r"(?=.*(?:%|[▲▼↑↓]|\d[.,]\d))(?:[A-Z][\w&./ -]{1,24}\s+)?[-+]?\d[\d.,]*\s*(?:%|pts?)?"
        r"(?:\s*[▲▼↑↓+-]?\s*[-+]?\d[\d.,]*\s*%?){0,3}"
        r"|[A-Z]{3}(?:/[A-Z]{3})?\s*-|[▲▼↑↓]\s*[-+]?\d[\d.,]*\s*%?",
    ),
    (
        "image",
        r"\[(?:https?|img|image|bild|photo|foto|inline|svg|icon|logo|[ _]*)\]|\(?image\)?"
        r"|\[[^\]]{0,40}\.(?:jpe?g|png|gif|webp|svg)\]|(?:\[[^\]\s]{1,40}\]\s*)+",
    ),
    (
        "read_time",
        # reading time, and a video's or podcast's length (`01:43 min`), which is no time of day
        r"(?:lesezeit:?\s*)?(?:\d{1,2}:)?\d{1,3}\s*(?:min(?:ute)?s?\.?|minuten?)"
        r"(?:\s+(?:read|lesezeit|de lecture|lectura|lesetid|läsning|okuma))?"
        r"|(?:reading|lesezeit|temps de lecture|tiempo de lectura)\s*:?\s*\d{1,3}\s*min\.?",
    ),
    (
        "form",
        # fields, buttons, check boxes and a poll's radio buttons: "( )Eine wärmende Suppe."
        r"\[[ _]*\]|\( ?\)|\[ ?[xX✓]? ?\]\s*\S.{0,40}|\( ?[*•oO]? ?\)\s*\S.{0,80}"
        r"|(?:submit|absenden|envoyer|enviar|ok|go)",
    ),
    (
        "gallery",
        # a slideshow's counter and buttons: "Image 1 of 4", "11 of 12 |", "1 / 4", "Back to Gallery"
        r"(?:(?:image|photo|picture|slide|bild|foto|imagen|immagine)\s*)?\d{1,3}\s*(?:of|/|von|de|di|av|af|sur)"
        r"\s*/?\s*\d{1,3}\s*\|?|(?:back to|view|open|zur|zurück zur) (?:the )?(?:gallery|galerie|slideshow)|"
        r"(?:view |show )?captions?|(?:\d+ )?(?:photos|bilder|fotos)",
    ),
    # markup that leaked into the text: class names, template variables ("for-phone-only
    # for-tablet-portrait-up ...", "facebook_url")
    (
        "markup",
        r"(?-i:[a-z0-9]+(?:[-_][a-z0-9]+)+)(?:\s+(?-i:[a-z0-9]+(?:[-_][a-z0-9]+)+)){2,}"
        r"|(?-i:[a-z][a-z0-9]*(?:_[a-z0-9]+)+)",
    ),
    # a web address on a line of its own (a permalink, a short link)
    ("url", r"(?:https?://|www\.)\S+"),
    # a template the page's script never filled in: "Updated [hour]:[minute] [AMPM]", "{{ title }}"
    # (three at least, in a line that is no sentence: an editor's "[We] agreed" is not one)
    ("template", r"(?=(?:.*?\[[a-zA-Z]+\]){3})(?!.*[.!?\"”]$).{0,120}|.{0,80}\{\{[^{}]{1,40}\}\}.{0,80}"),
)
# the first kind that fits the whole line names it; a line is tried only against the kinds whose
# words it holds (and those that need none): most lines hold the words of one kind or none
VOCABULARY = Vocabulary(_RULES, re.I)


# a privacy or consent notice reads like prose, and runs long; what gives it away is its words, many
# of them and together, and that it speaks to the reader (a story about cookies reports in the third person)
_PRIVACY_TERMS = re.compile(
    r"\b(cookies?|personal (?:information|data)|opt[- ]?out|opting[- ]out|consent|preferences|tracking|privacy|"
    r"third[- ]part(?:y|ies)|partners?|browser|advertis\w*|personenbezogene\w*|datenschutz\w*|einwilligung|"
    r"zustimmung|werbung|partenaires|données personnelles|consentement|datos personales|consentimiento|"
    r"personopplysninger|samtykke|personuppgifter|samtycke)\b",
    re.I,
)
_READER = re.compile(
    r"\b(?:you|your|we|our|us|du|dir|dich|dein\w*|wir|uns|unser\w*|vous|votre|vos|nous|nos|"
    r"usted|tu|nosotros|nuestr\w+|vi|dere|oss|våre?|ni|vår[at]?)\b",
    re.I,
)
PRIVACY_TERMS_MIN = 3


# one of these it must name (a cheap test first: most paragraphs name none)
_PRIVACY_CORE = (
    "cookie",
    "privacy",
    "personal",
    "consent",
    "opt",
    "tracking",
    "datenschutz",
    "personenbezogen",
    "einwilligung",
    "données",
    "datos",
    "consentimiento",
    "personopplysning",
    "samtykke",
    "personuppgift",
    "samtycke",
)


# an embedded post as a dump prints it: its picture link, its attribution line. (In HTML the post is
# a quote the article makes, and benchmarks count it as copy; a dump has lost what set it apart.)
EMBEDDED_POST = re.compile(
    r".{0,400}\bpic\.twitter\.com/\s?\S+.{0,40}|.{0,300}[—–-] .{1,60}\(@\w{1,30}\) \w+ \d{1,2}, \d{4}"
)


def privacy_notice(text: str) -> bool:
    """A cookie or privacy dialog's paragraph (`We and our partners use cookies ... opt out`)."""
    low = text.lower()
    if not any(word in low for word in _PRIVACY_CORE):
        return False
    terms = {m.group(1).lower() for m in _PRIVACY_TERMS.finditer(text)}
    return len(terms) >= PRIVACY_TERMS_MIN and _READER.search(text) is not None


SHARE_LINE_MAX = 400  # a row of share buttons a dump printed as one line, each named twice (icon, label)


REMEMBERED_MAX = 300  # lines up to this long are remembered: menus, widgets, footers


def chrome_kind(line: str) -> str | None:
    """The kind of chrome `line` is, or None for text that may belong to an article. Short lines
    are remembered: a site prints the same menus and widgets on every page (of the lines the corpus
    dumps ask about, 43 % were asked about before in the same run), and one costs ~7 µs."""
    if len(line) > 1000:
        return None
    return _remembered_kind(line) if len(line) <= REMEMBERED_MAX else _kind(line)


@lru_cache(maxsize=1 << 16)  # at most ~25 MB of lines
def _remembered_kind(line: str) -> str | None:
    return _kind(line)


def _kind(line: str) -> str | None:
    if kind := VOCABULARY.first(line):
        if kind == "ticker" and find_date(line):  # "Datum 28.04.2023" is a date line, not a quote
            return None
        return kind
    if len(line) <= SHARE_LINE_MAX and _SHARE_START.match(line) and SHARE.fullmatch(line):
        return "share"
    return None
