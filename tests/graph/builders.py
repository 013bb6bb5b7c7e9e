"""Small stores for the relations tests: rows inserted into the real tables of a `Store(":memory:")`.

`StoreBuilder` writes articles, events (with their `event_actors`), stances, quotes and claims with
sensible defaults, and finds sentence spans by their text, so that tests read like the story they tell.
`seed_store()` is a hand-coded version of the founding article's structure.
"""

from __future__ import annotations

import itertools
from typing import Any

from entente.store import Store
from entente.store.groups import group_events

_ids = itertools.count(1)


class StoreBuilder:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.con = store.con

    # -- articles ----------------------------------------------------------------------------
    def article(
        self,
        text: str,
        *,
        id: str | None = None,
        published: str | None = "2013-09-17",
        source: str | None = "Outlet",
        title: str | None = None,
        near_duplicate_of: str | None = None,
        url: str | None = None,
    ) -> str:
        article_id = id or f"art{next(_ids):05d}"
        precision = None if published is None else {4: "year", 7: "month"}.get(len(published), "day")
        self.con.execute(
            "INSERT INTO articles (id, title, published, published_precision, source, url, text, near_duplicate_of)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [article_id, title or text[:40], published, precision, source, url, text, near_duplicate_of],
        )
        return article_id

    # -- extractions ---------------------------------------------------------------------------
    def event(
        self,
        article_id: str,
        source: str | list[Any],
        type: str,
        target: str | list[Any],
        *,
        intensity: float | None = None,
        quad: int | None = None,
        mode: str = "asserted",
        date: str | None = None,
        date_precision: str | None = None,
        dimensions: list[str] | None = None,
        sentence: str | None = None,
        denied_by: str | None = None,
        confidence: float | None = None,
        id: str | None = None,
        cameo: str | None = None,
    ) -> str:
        event_id = id or f"ev{next(_ids):06d}"
        start, end = self._span(article_id, sentence)
        if quad is None and intensity is not None:
            quad = (1 if intensity < 5 else 2) if intensity >= 0 else (3 if intensity > -5 else 4)
        if date is not None and date_precision is None:
            date_precision = {4: "year", 7: "month"}.get(len(date), "day")
        self.con.execute(
            "INSERT INTO events (id, article_id, type, cameo, quad, intensity, mode, date, date_precision, "
            "dimensions, sentence_start, sentence_end, denied_by, confidence, extractor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test')",
            [
                event_id,
                article_id,
                type,
                cameo,
                quad,
                intensity,
                mode,
                date,
                date_precision,
                dimensions or [],
                start,
                end,
                denied_by,
                confidence,
            ],
        )
        for role, refs in (("source", source), ("target", target)):
            for ref in refs if isinstance(refs, list) else [refs]:
                ref = ref if isinstance(ref, dict) else {"actor": ref, "country": ref}
                self.con.execute(
                    "INSERT INTO event_actors (event_id, role, actor, country, sector, text) VALUES (?, ?, ?, ?, ?, ?)",
                    [event_id, role, ref["actor"], ref.get("country"), ref.get("sector"), ref.get("text")],
                )
        group_events(self.con, [event_id])  # as the store's own writes do
        return event_id

    def stance(
        self,
        article_id: str,
        a: str,
        b: str,
        sign: int,
        *,
        strength: float | None = 0.6,
        mode: str = "asserted",
        text: str | None = None,
        dimensions: list[str] | None = None,
    ) -> str:
        stance_id = f"st{next(_ids):06d}"
        start, end = self._span(article_id, text)
        self.con.execute(
            'INSERT INTO stances (id, article_id, a, b, sign, strength, dimensions, mode, start, "end", extractor)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test')",
            [stance_id, article_id, a, b, sign, strength, dimensions or [], mode, start, end],
        )
        return stance_id

    def quote(
        self,
        article_id: str,
        content: str,
        *,
        speaker: str,
        actor: str | None = None,
        country: str | None = None,
    ) -> str:
        quote_id = f"q{next(_ids):06d}"
        start, end = self._span(article_id, content)
        self.con.execute(
            "INSERT INTO quotes (id, article_id, content_start, content_end, speaker_text, speaker_actor, "
            "speaker_country, direct, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, TRUE, 'test')",
            [quote_id, article_id, start, end, speaker, actor, country],
        )
        return quote_id

    def claim(self, event_id: str, article_id: str, relation: str, quote_id: str | None = None) -> None:
        self.con.execute(
            "INSERT INTO claims VALUES (?, ?, ?, ?, 'test')", [quote_id, event_id, relation, article_id]
        )

    def _span(self, article_id: str, sentence: str | None) -> tuple[int, int]:
        text = self.con.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
        if sentence is None:
            return 0, min(len(text), 40)
        start = text.find(sentence)
        assert start >= 0, f"{sentence!r} is not in article {article_id}"
        return start, start + len(sentence)


SEED_TEXT = """Israel was named as a factor in the dispute last year when Azerbaijani officials revealed plans by \
local extremists, aided by Iran, to blow up the Israeli and American embassies in Baku.

Also last year, Iran accused Azerbaijan of helping Israel assassinate Iranian nuclear scientists and gather \
intelligence. The situation was inflamed further by a Reuters report that Israel planned to use Azerbaijani \
airfields in the event of a strike on Iranian nuclear facilities.

Israeli and Azerbaijani officials denied the report.

That said, "Azerbaijan has taken a courageous stand against efforts to destabilize the region," Harpaz added \
- an obvious reference to Iran.

Despite Baku's attempts to keep the peace, American diplomats believe Azerbaijan considers Iran "a major, even \
existential security threat," according to an assessment in a leaked diplomatic cable from 2009. The country's \
cooperation with Israel "flows from this shared recognition," the cable read.

Idan says Azerbaijan's closeness with Israel is actually aimed at a different regional foe: Armenia, \
Azerbaijan's neighbor to the west, against whom Azerbaijan has fought two wars in the last century over the \
disputed Nagorno-Karabakh region.

Aliyev considers the conflict unfinished, which has led to American and European reluctance to sell him weapons \
he can't obtain elsewhere. Israel has no such qualms.

Eldar Mamedov wrote in January that Israel sees Azerbaijan as a replacement for Turkey, whose once-close \
partnership with Israel hasn't recovered from the 2010 storming by Israeli commandos of a Turkish ship bound \
for Gaza.

"These positive feelings had a role in the establishment of warm bilateral ties."
"""

SENT = {
    "plot": "local extremists, aided by Iran, to blow up the Israeli and American embassies in Baku",
    "accuse": "Iran accused Azerbaijan of helping Israel assassinate Iranian nuclear scientists and gather "
    "intelligence.",
    "airfields": "The situation was inflamed further by a Reuters report that Israel planned to use Azerbaijani "
    "airfields in the event of a strike on Iranian nuclear facilities.",
    "denial": "Israeli and Azerbaijani officials denied the report.",
    "threat": 'American diplomats believe Azerbaijan considers Iran "a major, even existential security threat,"',
    "cooperation": 'The country\'s cooperation with Israel "flows from this shared recognition," the cable read.',
    "closeness": "Idan says Azerbaijan's closeness with Israel is actually aimed at a different regional foe: "
    "Armenia,",
    "wars": "against whom Azerbaijan has fought two wars in the last century over the disputed Nagorno-Karabakh "
    "region.",
    "turkey": "whose once-close partnership with Israel hasn't recovered from the 2010 storming by Israeli "
    "commandos of a Turkish ship bound for Gaza.",
    "warm": '"These positive feelings had a role in the establishment of warm bilateral ties."',
}


def seed_store(store: Store) -> dict[str, str]:
    """The founding article's structure, hand-coded; returns the ids of the key records."""
    b = StoreBuilder(store)
    art = b.article(
        SEED_TEXT,
        id="seed",
        published="2013-09-17",
        source="Forward",
        title="Israel Forges Close Ties With Azerbaijan - Both Eye Iran",
    )
    ids = {"article": art}
    ids["plot"] = b.event(
        art,
        "IRN",
        "ASSAULT",
        "AZE",
        intensity=-7.0,
        quad=4,
        mode="planned",
        date="2012",
        sentence=SENT["plot"],
        dimensions=["security"],
    )
    ids["accuse"] = b.event(
        art,
        "IRN",
        "ACCUSE",
        "AZE",
        intensity=-2.0,
        quad=3,
        date="2012",
        sentence=SENT["accuse"],
        dimensions=["security"],
    )
    ids["assassinate"] = b.event(
        art,
        "ISR",
        "ASSAULT",
        "IRN",
        intensity=-10.0,
        quad=4,
        mode="alleged",
        date="2012",
        sentence=SENT["accuse"],
        dimensions=["security"],
    )
    ids["airfields"] = b.event(
        art,
        "ISR",
        "ASSAULT",
        "IRN",
        intensity=-9.0,
        quad=4,
        mode="reported+planned+hypothetical",
        sentence=SENT["airfields"],
        dimensions=["military"],
    )
    ids["denial"] = b.event(
        art,
        [
            {"actor": "ISR", "country": "ISR", "sector": "GOV"},
            {"actor": "AZE", "country": "AZE", "sector": "GOV"},
        ],
        "REJECT",
        "IRN",
        intensity=-2.0,
        quad=3,
        sentence=SENT["denial"],
    )
    b.con.execute("UPDATE events SET denied_by = ? WHERE id = ?", [ids["denial"], ids["airfields"]])
    ids["threat"] = b.stance(
        art, "AZE", "IRN", -1, strength=0.9, mode="reported", text=SENT["threat"], dimensions=["security"]
    )
    ids["cooperation"] = b.event(
        art,
        "AZE",
        "COOPERATE",
        "ISR",
        intensity=6.0,
        quad=2,
        sentence=SENT["cooperation"],
        dimensions=["military", "energy"],
    )
    ids["closeness"] = b.stance(
        art,
        "AZE",
        "ISR",
        1,
        strength=0.7,
        text=SENT["closeness"],
        dimensions=["military", "energy", "technology"],
    )
    ids["foe"] = b.stance(art, "AZE", "ARM", -1, strength=0.7, text=SENT["closeness"])
    ids["wars"] = b.event(
        art,
        "AZE",
        "ASSAULT",
        "ARM",
        intensity=-10.0,
        quad=4,
        mode="historical",
        sentence=SENT["wars"],
        dimensions=["territory"],
    )
    ids["turkey"] = b.event(
        art,
        {"actor": "ISR", "country": "ISR", "sector": "MIL"},
        "ASSAULT",
        "TUR",
        intensity=-9.0,
        quad=4,
        mode="historical",
        date="2010",
        sentence=SENT["turkey"],
    )
    ids["warm"] = b.stance(art, "AZE", "ISR", 1, strength=0.6, text=SENT["warm"])
    ids["quote"] = b.quote(
        art, SENT["warm"], speaker="Fuad Akhundov", actor="AZE.FUAD_AKHUNDOV", country="AZE"
    )
    return ids
