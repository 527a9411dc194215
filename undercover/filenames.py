"""File names made from what the user typed (a location, a business), safe on every system.

"Café Łódź" suggests ``cafe-lodz``, not ``caf-d``: Latin letters lose their accents,
other scripts keep their letters (``東京``), and anything that is not a letter or a
digit (emoji, slashes, dots, spaces) becomes a single hyphen between words. The
result never names a folder above (``../``) or a device Windows reserves (``CON``).
"""

from __future__ import annotations

import re
import unicodedata

# Latin letters NFKD does not take apart, spelt as a reader of the language would.
_FOLD = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "ħ": "h", "Ħ": "H", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "þ": "th", "Þ": "TH",
})
_WINDOWS_RESERVED = {
    "con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10)),
}
_WORDS = re.compile(r"[^\W_]+")  # runs of letters and digits, in any script


def _plain(char: str) -> str:
    """A letter without its accents when that leaves a plain ASCII letter, else the letter."""
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if base.isascii() else char


def file_slug(text: str, limit: int = 40, fallback: str = "visits") -> str:
    """Words of ``text`` in lower case joined by hyphens, at most ``limit`` characters."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD)
    plain = "".join(_plain(c) for c in folded)
    slug = "-".join(_WORDS.findall(plain.casefold()))[:limit].strip("-")
    if not slug:
        return fallback
    if slug in _WINDOWS_RESERVED:
        return f"{slug}-{fallback}"
    return slug
