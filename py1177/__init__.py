"""py1177 — Region Skåne's 1177 direkt registration guideline (anvisning v1.0) as rules-as-code.

>>> from py1177 import Rulebook
>>> advice = Rulebook().advise(scenario="3.1.2b")
>>> advice.steps[0].registrations   # the nurse registers nothing in PMO
()
"""

from typing import TYPE_CHECKING, Any

from .errors import InputError, KBError, Py1177Error
from .model import Alternative, Case, Channel, Lang, Purpose, Relation, Role, Status, Step

if TYPE_CHECKING:  # what ``__getattr__`` gives at run time, for type checkers (mypy --strict)
    from .advice import Advice, Gap, Registration, Source, StepAdvice
    from .results import AdviceSummary, CaseError, Erratum, Guideline, PolicyQuestion, Scenario
    from .rulebook import Rulebook

__version__ = "0.1.0"

__all__ = [
    "Advice", "AdviceSummary", "Alternative", "Case", "CaseError", "Channel", "Erratum", "Gap", "Guideline", "InputError",
    "KBError", "Lang", "PolicyQuestion", "Purpose", "Py1177Error", "Registration", "Relation",
    "Role", "Rulebook", "Scenario", "Source", "Status", "Step", "StepAdvice", "__version__",
]


def __getattr__(name: str) -> Any:
    """Lazy: importing py1177 must not start Prolog (nor build unused classes); the names are
    typed by the ``TYPE_CHECKING`` imports above."""
    if name == "Rulebook":
        from .rulebook import Rulebook

        return Rulebook
    if name in ("Advice", "Gap", "Registration", "Source", "StepAdvice"):
        from . import advice

        return getattr(advice, name)
    if name in ("AdviceSummary", "CaseError", "Erratum", "Guideline", "PolicyQuestion", "Scenario"):
        from . import results

        return getattr(results, name)
    raise AttributeError(f"module 'py1177' has no attribute {name!r}")
