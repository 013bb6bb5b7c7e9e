"""Quotes and claims: who said what, speaking for whom, asserting or denying which events.

Public API:

- `extract_quotes(doc) -> list[Quote]` and `link_claims(doc, quotes, events) -> list[Claim]`: pure
  functions over a parsed Doc (`entente.quotes.extract`, with the claim rules in `entente.quotes.claims`,
  quotation marks in `entente.quotes.marks` and speaker resolution in `entente.quotes.speakers`);
- the spaCy component `entente_quotes` (`entente.quotes.component`), run after `entente_actors` and
  `entente_events`, setting `doc._.quotes` and `doc._.claims`;
- `Quote`, `Claim`, `Speaker`, `Span`, `EXTRACTOR` (`entente.quotes.records`);
- `Cues`, `load_cues` (`entente.quotes.cues`), the reporting cues kept in `data/cues.toml`;
- `evaluate_polnear`, `read_polnear`, `score` (`entente.quotes.evaluate`): the PolNeAR scorer;
- `stored_quotes` (`entente.quotes.query`): quotes read back from the store, for `entente quotes`.
"""
from __future__ import annotations

from .cues import Cues, load_cues
from .extract import extract_quotes, link_claims
from .records import EXTRACTOR, Claim, Quote, Span, Speaker

__all__ = [
           "EXTRACTOR",
           "Claim",
           "Cues",
           "Quote",
           "Span",
           "Speaker",
           "extract_quotes",
           "link_claims",
           "load_cues",
]
