"""Errors raised by py1177. Every error the CLI reports derives from :class:`Py1177Error`."""

from __future__ import annotations


class Py1177Error(Exception):
    """Base class of all py1177 errors; the CLI prints it as one line and exits 2."""

    def message(self, lang: str = "sv") -> str:
        """The one-line message in ``lang`` ("sv" or "en"); the subclasses give both."""
        return str(self)


class InputError(Py1177Error, ValueError):
    """The case, scenario id, date, language or file given by the caller is not allowed.

    ``code`` names the problem; :meth:`message` renders it in Swedish or English
    (``str()`` gives English). ``where`` says which step, ``--step`` spec or file.
    """

    def __init__(self, code: str, where: tuple[object, ...] | None = None, **params: object) -> None:
        self.code = code
        self.where = None if where is None else tuple(_bounded(v) for v in where)
        self.params = {k: v if k in _PREFORMATTED else _bounded(v) for k, v in params.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str = "sv") -> str:
        """The one-line message in ``lang`` ("sv" or "en")."""
        from .i18n import ERRORS, WHERE, pick

        text = pick(ERRORS, self.code, lang, **self.params)
        if self.where:
            kind, *args = self.where
            keys = {"step": ("n",), "spec": ("n", "spec"), "file": ("path",), "policy": ("path",),
                    "case": ()}[str(kind)]
            text = pick(WHERE, str(kind), lang, **dict(zip(keys, args))) + ": " + text
        return text

    def __str__(self) -> str:
        return self.message("en")


MAX_SHOWN = 200
"""Longest rendering of a user's value in an error message (longer ones are cut with "…")."""
_PREFORMATTED = ("sv", "en", "allowed")
"""Parameters that are whole messages or lists written by py1177, never cut."""


class _Cut(str):
    """Text cut to :data:`MAX_SHOWN` characters; ``repr`` shows the cut text quoted, then "…"."""

    def __repr__(self) -> str:
        return str.__repr__(str(self)[:-1]) + "…"


class _Shown(str):
    """A bounded rendering of a value that is not plain text or a number (a list, a mapping …),
    so that an error message never formats a huge (e.g. alias-expanded) value whole; ``repr``
    gives the rendering itself (it already is one)."""

    def __repr__(self) -> str:
        return str(self)


def _bounded(value: object) -> object:
    """``value`` as it may be shown in a message: short text, numbers and None as they are,
    anything else as a rendering of at most :data:`MAX_SHOWN` characters."""
    if value is None or isinstance(value, (bool, float)):
        return value
    if isinstance(value, int):
        return value if value.bit_length() <= 200 else _Shown(f"<{type(value).__name__}: a number too long to show>")
    if isinstance(value, str):
        return value if len(value) <= MAX_SHOWN else _Cut(value[:MAX_SHOWN] + "…")
    from .i18n import Bilingual

    if isinstance(value, Bilingual):  # a text in both languages (e.g. the system's reason): each bounded
        return Bilingual(*(str(_bounded(str(form))) for form in value))
    import reprlib

    shorter = reprlib.Repr()
    shorter.maxlevel, shorter.maxstring, shorter.maxother = 3, 60, 60
    shorter.maxlist = shorter.maxtuple = shorter.maxdict = shorter.maxset = shorter.maxfrozenset = 6
    try:
        text = shorter.repr(value)
    except Exception:  # a value whose repr fails
        text = f"<{type(value).__name__}>"
    return _Shown(text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…")


class KBError(Py1177Error, RuntimeError):
    """The knowledge base could not be loaded or answered unexpectedly.

    ``messages`` holds every ``file:line: kind: text`` message recorded while loading.
    """

    def __init__(self, message: str, messages: tuple[str, ...] = (), sv: str | None = None) -> None:
        super().__init__(message)
        self.messages = messages
        self.sv = sv

    def message(self, lang: str = "sv") -> str:
        """The one-line message (Swedish where one was given)."""
        base = self.sv if lang == "sv" and self.sv else super().__str__()
        if not self.messages:
            return base
        return base + ": " + " | ".join(self.messages)

    def __str__(self) -> str:
        return self.message("en")


class QueryRefused(InputError):
    """A query goal that is not allowed, or that ran past its time or inference limit."""

    def __init__(self, code: str, sv: str, en: str) -> None:
        self.refusal = code
        super().__init__("kb", None, sv=sv, en=en)


class TimeLimitExceeded(InputError):
    """An answer took longer than the rulebook's time limit (``Rulebook(time_limit=...)``) and
    was stopped inside Prolog; the rulebook stays usable."""

    def __init__(self, seconds: float) -> None:
        super().__init__("time_limit", None, seconds=seconds)
