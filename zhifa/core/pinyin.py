"""Pinyin initials (拼音首字母) of names, for the type-ahead pickers: an officer types ``sdtt``
for 随地吐痰 or ``zw`` for 张伟 on a phone keyboard without switching to Chinese input.

Computed on the server with ``pypinyin`` (its dictionary ships with the package: nothing is
fetched at run time) and sent with the page as data attributes."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin


def _ascii(part: str) -> str:
    return "".join(c for c in part.lower() if c.isascii() and c.isalnum())


@lru_cache(maxsize=4096)
def initials(text: str) -> str:
    """The lower-case initials of the Chinese characters of ``text``, with its Latin letters and
    digits kept as they are (``SR-001 随地吐痰`` → ``sr001sdtt``); punctuation and spaces are
    dropped. Polyphonic characters take the reading ``pypinyin`` gives the phrase."""
    return "".join(_ascii(p) for p in lazy_pinyin(text, style=Style.FIRST_LETTER))


@lru_cache(maxsize=4096)
def search_keys(text: str) -> str:
    """``initials(text)`` and, space-separated, its variants with the other readings of the
    first character — a surname read apart from its common word (单 shàn, 曾 zēng, 解 xiè) or
    an item beginning with one (长, 重): ``曾伟`` → ``cw zw``. Only the first character varies,
    so the list stays short whatever the length."""
    main = initials(text)
    text = text.strip()
    if not main or not text:
        return main
    first = pinyin(text[0], style=Style.FIRST_LETTER, heteronym=True)[0]
    rest = main[len(_ascii(lazy_pinyin(text[0], style=Style.FIRST_LETTER)[0])) :]
    keys = [main] + [_ascii(r) + rest for r in first]
    return " ".join(dict.fromkeys(k for k in keys if k))
