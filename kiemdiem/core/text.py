"""Vietnamese text handling: name normalization, splitting, sort keys and search folding.

Pure Python (no Django import). Rules: domain.md §9.

- Names are NFC-normalized, trimmed, and every run of whitespace (U+00A0 included) becomes one
  space; case is kept. The eth look-alike (Ð, left by old-encoding conversions) becomes Đ, and
  invisible characters (zero-width space, BOM, soft hyphen) are dropped.
- The sort key orders people by given name, then family name, then middle name, then date of
  birth. Inside each name part the Vietnamese alphabet decides first (a ă â b c d đ e ê … ư v x y,
  with f j w z in their Latin places), then the tone of each syllable (none, huyền, hỏi, ngã, sắc,
  nặng), then letter case. The key is made of digits only, so every database collation orders it
  the same way as Python does.
- The folded form drops every diacritic and maps đ to d, for diacritic-insensitive search.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {letter: 13 + index for index, letter in enumerate(ALPHABET)}
_CODE_END = "00"
_CODE_SPACE = "01"
_CODE_PUNCTUATION = "02"
_CODE_UNKNOWN = "98"

# Vowel modifiers are part of the letter; tone marks are the secondary key.
_MODIFIERS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_MODIFIED_LETTERS = {
    ("a", "breve"): "ă",
    ("a", "circumflex"): "â",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
}
# none, huyền, hỏi, ngã, sắc, nặng (domain.md §9; the order of tones is UNCONFIRMED).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


# Text pasted from old encodings and word processors: the Icelandic eth (U+00D0/U+00F0), which
# VNI and TCVN3 conversions leave for Đ/đ, and invisible characters that split no word but make
# two spellings of one name differ (zero-width space and joiners, BOM, soft hyphen).
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",
        "\u00f0": "\u0111",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        "\u00ad": "",
    }
)


_LOOKALIKE_CHARS = re.compile("[\u00d0\u00f0\u200b-\u200d\u2060\ufeff\u00ad]")


def normalize_text(value: str | None) -> str:
    """NFC-normalize, trim, and collapse every whitespace run (U+00A0 included) to one space.

    Also maps the eth look-alike to Đ/đ and drops invisible characters (see _LOOKALIKES).
    """
    if not value:
        return ""
    if value.isascii():
        text = value
    else:
        if _LOOKALIKE_CHARS.search(value):
            value = value.translate(_LOOKALIKES)
        text = unicodedata.normalize("NFC", value)
    # str.split() with no argument splits on every Unicode space, U+00A0 included.
    return " ".join(text.split())


@dataclass(frozen=True)
class NameParts:
    """A person's name split as Vietnamese writes it: family, middle (0+ words), given."""

    family_name: str
    middle_name: str
    given_name: str

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.family_name, self.middle_name, self.given_name) if part
        )


def split_full_name(full_name: str) -> tuple[NameParts, bool]:
    """Split a full name: first word = family, last = given, the rest = middle.

    Returns the parts and whether the name was a single word (given name only), which the caller
    reports as a warning. Compound family names are fixed by hand afterwards.
    """
    words = normalize_text(full_name).split(" ")
    words = [word for word in words if word]
    if not words:
        return NameParts("", "", ""), False
    if len(words) == 1:
        return NameParts("", "", words[0]), True
    return NameParts(words[0], " ".join(words[1:-1]), words[-1]), False


@functools.lru_cache(maxsize=65536)
def fold(value: str | None) -> str:
    """Lowercase, drop diacritics (U+0300–U+036F), map đ to d, collapse spaces."""
    text = normalize_text(value).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not "\u0300" <= ch <= "\u036f")
    return unicodedata.normalize("NFC", stripped)


def _letters_of(word: str) -> tuple[list[tuple[str, bool]], int]:
    """The base letters of a word (with their case) and the word's tone (0 = none)."""
    letters: list[tuple[str, bool]] = []
    tone = 0
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
            continue
        if ch in _MODIFIERS:
            if letters:
                base, upper = letters[-1]
                modified = _MODIFIED_LETTERS.get((base, _MODIFIERS[ch]))
                if modified is not None:
                    letters[-1] = (modified, upper)
            continue
        if unicodedata.combining(ch):
            continue
        lower = ch.lower()
        letters.append((lower, lower != ch))
    return letters, tone


def _letter_code(letter: str) -> str:
    code = _LETTER_CODE.get(letter)
    if code is not None:
        return f"{code:02d}"
    if letter.isdigit() and len(letter) == 1 and "0" <= letter <= "9":
        return f"{3 + int(letter):02d}"
    if letter.isalpha():
        return _CODE_UNKNOWN
    return _CODE_PUNCTUATION


@functools.lru_cache(maxsize=65536)
def name_part_key(part: str) -> str:
    """Sort key of one name part: letters, then the tone of each syllable, then case."""
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    for index, word in enumerate(normalize_text(part).split(" ")):
        if not word:
            continue
        if index:
            primary.append(_CODE_SPACE)
        letters, tone = _letters_of(word)
        primary.extend(_letter_code(letter) for letter, _ in letters)
        tones.append(str(tone))
        cases.extend("1" if upper else "0" for _, upper in letters)
    return "".join(primary) + _CODE_END + "".join(tones) + "9" + "".join(cases) + "9"


def person_sort_key(
    family_name: str,
    middle_name: str,
    given_name: str,
    date_of_birth: datetime.date | None = None,
) -> str:
    """The stored key that orders people by given, family, middle name, then date of birth."""
    birth = date_of_birth.strftime("%Y%m%d") if date_of_birth else "99999999"
    return "".join(
        (
            name_part_key(given_name),
            name_part_key(family_name),
            name_part_key(middle_name),
            birth,
        )
    )


def text_sort_key(value: str) -> str:
    """Sort key for any Vietnamese text (unit names, titles), by the same alphabet and tones."""
    return name_part_key(value)
