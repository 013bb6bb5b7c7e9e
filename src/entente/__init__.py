"""entente: read news, map who sides with whom.

The public API is deliberately short; see the README for the flow of stages. `entente.open(path)`
opens a store for notebooks (`entente.frames`): it is loaded on first use, so that `import entente`
stays quick and loads neither DuckDB nor pandas.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, EntenteError, InputRejected, ModelNotInstalled, Reason, StoreError
from .records import Article, Rejected

if TYPE_CHECKING:
    from .frames import open as open  # for type checkers; loaded on first use by __getattr__

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ConfigError",
    "EntenteError",
    "InputRejected",
    "ModelNotInstalled",
    "Reason",
    "Rejected",
    "StoreError",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    """`entente.open`, imported when first asked for (PEP 562); not in `__all__`, so that
    `from entente import *` does not hide the builtin `open`."""
    if name == "open":
        from .frames import open as opener

        globals()["open"] = opener
        return opener
    raise AttributeError(f"module 'entente' has no attribute {name!r}")
