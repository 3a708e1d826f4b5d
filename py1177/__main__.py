"""``python -m py1177``."""

from .cli import run

run()
