"""The spaCy stage: long articles read in sections, and one extractor's failure costs one article."""
from __future__ import annotations

import pytest

from entente import nlp as stage
from entente.nlp import ExtractionFailed, extract, load_pipeline, sections
from entente.records import Article

PARAGRAPH = ("Israel and Azerbaijan signed an arms deal in Baku on Monday. "
             "Iran accused Azerbaijan of helping Israel assassinate Iranian nuclear scientists.\n\n")


@pytest.mark.parametrize(("text", "size", "expected"), [
    ("short", 10, [(0, 5)]),
    ("one two.\n\nthree four.\n\nfive", 16, [(0, 10), (10, 23), (23, 27)]),  # after paragraph breaks
    ("aaa bbb ccc ddd", 8, [(0, 8), (8, 15)]),  # no break: after the last space
    ("a" * 25, 10, [(0, 10), (10, 20), (20, 25)]),  # nothing to cut on: a hard cut
])
def test_sections_cover_the_text_and_cut_on_breaks(text: str, size: int, expected: list[tuple[int, int]]) -> None:
    cuts = sections(text, size)
    assert cuts == expected
    assert "".join(text[a:b] for a, b in cuts) == text


@pytest.fixture()
def short_sections(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The pipeline with a small `max_length`, so that a few paragraphs make a 'long' article."""
    nlp = load_pipeline()
    monkeypatch.setattr(nlp, "max_length", 2 * len(PARAGRAPH) + 10)
    monkeypatch.setattr(stage, "SECTION_CHARS", 2 * len(PARAGRAPH) + 10)
    return nlp


@pytest.mark.model
def test_long_article_is_extracted_in_sections_with_offsets_in_the_whole_body(short_sections) -> None:  # type: ignore[no-untyped-def]
    body = PARAGRAPH * 7
    [(_, whole)] = list(extract(short_sections, [Article(text=body, title="Arms deal", id="long")]))
    assert not isinstance(whole, ExtractionFailed)
    # every event's evidence and every mention points at its own words in the whole body
    assert len(whole["events"]) >= 7 * 2
    for event in whole["events"]:
        evidence = event["evidence"]
        assert body[evidence["start"]:evidence["end"]] == evidence["sentence"]
        assert body[evidence["trigger_start"]:evidence["trigger_end"]] in event["trigger"]  # "signed … deal"
    assert max(e["evidence"]["start"] for e in whole["events"]) > 5 * len(PARAGRAPH)
    for mention in whole["mentions"]:
        assert body[mention["start"]:mention["end"]] == mention["text"]
    assert len({e["id"] for e in whole["events"]}) == len(whole["events"])  # ids stay unique
    # each actor once, with the mentions of every section
    codes = [a["code"] for a in whole["actors"]]
    assert len(codes) == len(set(codes))
    israel = next(a for a in whole["actors"] if a["code"] == "ISR")
    assert len(israel["mentions"]) >= 14


@pytest.mark.model
def test_an_extractor_failure_costs_one_article_only(explode_on_marker: None) -> None:
    articles = [Article(text=PARAGRAPH + f"Item {n}. " + ("EXPLODE" if n == 3 else ""), id=f"a{n}")
                for n in range(6)]
    results = list(extract(load_pipeline(), articles, batch_size=4))
    assert [a.id for a, _ in results] == [a.id for a in articles]  # in order, none lost
    failed = {a.id: r for a, r in results if isinstance(r, ExtractionFailed)}
    assert list(failed) == ["a3"]
    assert failed["a3"].stage == "entente_quotes"
    assert failed["a3"].detail == "ValueError in entente_quotes: boom on a marked article"
    assert all(r["events"] for a, r in results if a.id != "a3")  # type: ignore[index]
