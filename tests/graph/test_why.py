"""`why A B`: direct evidence and two-step paths, each backed by sentences."""

from __future__ import annotations

import json

from entente.graph import why
from entente.store import Store

from .builders import SENT, StoreBuilder, seed_store


def test_why_isr_aze_names_iran_as_the_shared_adversary() -> None:
    with Store(":memory:") as store:
        seed_store(store)
        ex = why.explain(store.con, "ISR", "AZE")
    assert ex.direct is not None and ex.direct.sign == 1
    assert ex.shared_adversaries() == ["IRN"]
    path = ex.paths[0]
    assert path.via == "IRN" and path.kind == "common_enemy" and path.predicts == 1 and path.supports is True
    assert "both in conflict with Iran" in ex.summary
    step_sentences = [{e.sentence for e in step.evidence} for step in path.steps]
    assert SENT["accuse"] in step_sentences[0]  # Israel - Iran
    assert SENT["threat"] in step_sentences[1]  # Azerbaijan - Iran
    assert all(e.weight > 0 for step in path.steps for e in step.evidence)
    direct = {e.sentence for e in ex.evidence}
    assert SENT["cooperation"] in direct and SENT["closeness"] in direct
    assert any("warm bilateral ties" in q.text for q in ex.quotes)
    data = json.loads(json.dumps(ex.as_dict()))
    assert data["paths"][0]["via_name"] == "Iran" and data["paths"][0]["steps"][0]["evidence"]


def test_path_kinds_and_strain() -> None:
    with Store(":memory:") as store:
        b = StoreBuilder(store)
        art = b.article("A story of four states.")
        b.event(art, "FRA", "AGREE", "DEU", intensity=5.0)  # direct: friendly
        b.event(art, "FRA", "AGREE", "ITA", intensity=5.0)  # common friend Italy
        b.event(art, "DEU", "AGREE", "ITA", intensity=5.0)
        b.event(art, "FRA", "AGREE", "ESP", intensity=5.0)  # Spain: friend of France, foe of Germany
        b.event(art, "DEU", "ACCUSE", "ESP", intensity=-5.0)
        ex = why.explain(store.con, "FRA", "DEU")
    kinds = {p.via: p for p in ex.paths}
    assert kinds["ITA"].kind == "common_friend" and kinds["ITA"].supports is True
    assert kinds["ESP"].kind == "friend_of_enemy" and kinds["ESP"].supports is False
    assert kinds["ESP"].text == "France is close to Spain, which is at odds with Germany"


def test_why_without_evidence() -> None:
    with Store(":memory:") as store:
        seed_store(store)
        ex = why.explain(store.con, "ARM", "TUR")
    assert ex.direct is None and ex.evidence == [] and "no direct evidence" in ex.summary
    assert ex.paths == []  # Armenia and Turkey share no related third actor in the seed
