"""Errors raised by py1177. Every error the CLI reports derives from :class:`Py1177Error`."""

from __future__ import annotations


class Py1177Error(Exception):
    """Base class of all py1177 errors; the CLI prints it as one line and exits 2."""


class InputError(Py1177Error, ValueError):
    """The case, scenario id, date, language or file given by the caller is not allowed.

    ``code`` names the problem; :meth:`message` renders it in Swedish or English
    (``str()`` gives English). ``where`` says which step, ``--step`` spec or file.
    """

    def __init__(self, code: str, where: tuple | None = None, **params: object) -> None:
        self.code = code
        self.where = where
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "sv") -> str:
        """The one-line message in ``lang`` ("sv" or "en")."""
        from .i18n import ERRORS, WHERE, pick

        text = pick(ERRORS, self.code, lang, **self.params)
        if self.where:
            kind, *args = self.where
            keys = {"step": ("n",), "spec": ("n", "spec"), "file": ("path",), "policy": ("path",),
                    "case": ()}[kind]
            text = pick(WHERE, kind, lang, **dict(zip(keys, args))) + ": " + text
        return text

    def __str__(self) -> str:
        return self.message("en")


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
