"""Quote and Claim records: JSON shape, stable ids (no model needed)."""
from __future__ import annotations

import json

from entente.quotes import EXTRACTOR, Claim, Quote, Span, Speaker
from entente.quotes.records import stable_id


def _quote(**kwargs: object) -> Quote:
    values: dict[str, object] = {
        "id": "q1", "content": Span(10, 30, "These reports sound"), "cue": Span(32, 36, "said"),
        "speaker": Speaker(37, 51, "Raphael Harpaz", kind="person", name="Raphael Harpaz", actor="ISR.HARPAZ",
                           country="ISR", sector="DIP"),
        "direct": True, "outlet": None}
    values.update(kwargs)
    return Quote(**values)  # type: ignore[arg-type]


def test_records_quote_as_dict_has_the_published_fields() -> None:
    data = _quote().as_dict()
    assert set(data) == {"id", "content", "cue", "speaker", "direct", "outlet", "asserts", "denies", "extractor"}
    assert data["content"] == {"start": 10, "end": 30, "text": "These reports sound"}
    assert data["speaker"] == {"start": 37, "end": 51, "text": "Raphael Harpaz", "name": "Raphael Harpaz",
                               "actor": "ISR.HARPAZ", "country": "ISR", "sector": "DIP", "kind": "person"}
    assert data["extractor"] == EXTRACTOR
    json.dumps(data)


def test_records_pieces_of_a_split_quote() -> None:
    quote = _quote(content=Span(0, 40, "A B", ((0, 5), (30, 40))), cue=None)
    data = quote.as_dict()
    assert data["content"]["parts"] == [[0, 5], [30, 40]]
    assert data["cue"] is None
    assert quote.content.pieces == ((0, 5), (30, 40))
    assert _quote().content.pieces == ((10, 30),)


def test_records_claim_and_ids() -> None:
    claim = Claim("q1", "e1", "denies")
    assert claim.as_dict() == {"quote_id": "q1", "event_id": "e1", "relation": "denies", "extractor": EXTRACTOR}
    assert stable_id("a", 1, None) == stable_id("a", 1, None) != stable_id("a", 2, None)
    assert len(stable_id("x")) == 16


def test_records_cross_process_boundaries_through_msgpack() -> None:
    import srsly

    quote = _quote(content=Span(0, 40, "A … B", ((0, 5), (30, 40))), asserts=["e1"], denies=["q0", "e2"])
    claim = Claim("q1", "e1", "asserts")
    back = srsly.msgpack_loads(srsly.msgpack_dumps({"quotes": [quote], "claims": [claim]}))
    assert back["quotes"] == [quote] and back["claims"] == [claim]
