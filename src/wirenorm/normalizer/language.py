"""A small, dependency-free language guess for pages that declare none.

Function-word counts separate the languages wire copy comes in well enough on article-length
text; scripts decide CJK, Korean, Cyrillic and Arabic outright.
"""

from __future__ import annotations

import re

_STOPWORDS = {
    "en": "the of and to in that is was for on with said by as at from his her it are have has",
    "de": "der die und das den ist nicht mit sich des dem ein eine auch auf für von wurde sie im",
    "fr": "le la les de des et est une un du dans pour que qui sur pas par au avec a été",
    "es": "el la los las de del y que en un una por con para es se su al lo como más",
    "it": "il la di che e per un una sono nel della con non del gli le si è anche dei",
    "pt": "o a os as de do da que e em um uma para com não por se no na dos foi",
    "nl": "de het een en van is dat op te in met voor niet zijn ook aan door werd",
}
_WORDS = {lang: set(words.split()) for lang, words in _STOPWORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+", re.U)
_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
)


def guess_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or unlike any known language."""
    sample = text[:5000]
    for lang, rx in _SCRIPTS:
        if len(rx.findall(sample)) > 20:
            return lang
    tokens = [t.lower() for t in _TOKEN.findall(sample)]
    if len(tokens) < 8:
        return None
    counts = {lang: sum(1 for t in tokens if t in words) for lang, words in _WORDS.items()}
    lang, hits = max(counts.items(), key=lambda kv: kv[1])
    return lang if hits >= 3 and hits / len(tokens) > 0.08 else None
