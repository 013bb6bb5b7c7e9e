"""entente: read news, map who sides with whom.

The public API is deliberately short; see the README for the flow of stages.
"""
from __future__ import annotations

import logging

from .errors import ConfigError, EntenteError, InputRejected, ModelNotInstalled, Reason, StoreError
from .records import Article, Rejected

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
