"""The PolNeAR reader and scorer, on a tiny hand-made corpus in brat standoff (no model needed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from entente.quotes import Quote, Span, Speaker
from entente.quotes.evaluate import overlap, parse_brat, polnear_split_dir, read_polnear, score

TEXT = "“We won,” said Ann Lee. Officials said the vote was fair. Bob thinks it rained."
# offsets: “We won,” 0-9, Ann Lee 15-22, Officials 24-33, said 34-38, the vote was fair 39-56, Bob 58-61

ANN = (
    'T1\tContent 0 9\t“We won,”\n'
    'T2\tCue 10 14\tsaid\n'
    'T3\tSource 15 22\tAnn Lee\n'
    'T4\tAttribution 10 14\tsaid\n'
    'E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n'
    'T5\tSource 24 33\tOfficials\n'
    'T6\tCue 34 38\tsaid\n'
    'T7\tContent 39 56\tthe vote was fair\n'
    'E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5\n'
    'T8\tCue 62 68\tthinks\n'
    'T9\tContent 69 78;79 79\tit rained\n'
    'E3\tAttribution:T8 Content:T9 Cue:T8\n'
)


def _corpus(root: Path) -> Path:
    for name, annotator in (("story", "ab12"), ("story", "ff00"), ("other", "cd34")):
        (root / "data" / "dev" / "attributions").mkdir(parents=True, exist_ok=True)
        (root / "data" / "dev" / "text").mkdir(parents=True, exist_ok=True)
        (root / "data" / "dev" / "attributions" / f"{name}_{annotator}.ann").write_text(
            ANN if annotator != "ff00" else "", encoding="utf-8")
    (root / "data" / "dev" / "text" / "story.txt").write_text(TEXT, encoding="utf-8")
    return root


def _quote(start: int, end: int, speaker: tuple[int, int] | None, name: str | None = None) -> Quote:
    who = Speaker(*speaker, TEXT[speaker[0]:speaker[1]], name=name) if speaker else Speaker(None, None, None)
    return Quote("q", Span(start, end, TEXT[start:end]), None, who, False)


def test_evaluate_parse_brat_reads_pieces_and_optional_source() -> None:
    found = parse_brat(ANN)
    assert [a.id for a in found] == ["E1", "E2", "E3"]
    assert found[0].content == ((0, 9),) and found[0].source == ((15, 22),)
    assert found[2].source is None and found[2].content == ((69, 78), (79, 79))


def test_evaluate_reads_one_annotator_per_article(tmp_path: Path) -> None:
    articles = read_polnear(_corpus(tmp_path), split="dev")
    assert [(a.name, a.annotator, len(a.attributions)) for a in articles] == [("story", "ab12", 3)]
    assert polnear_split_dir(tmp_path / "data" / "dev", "dev") == tmp_path / "data" / "dev"
    with pytest.raises(FileNotFoundError):
        read_polnear(tmp_path, split="test")


def test_evaluate_scores_overlap_and_speakers(tmp_path: Path) -> None:
    [article] = read_polnear(_corpus(tmp_path), split="dev")
    predicted = {"story": [
        _quote(1, 7, (15, 22)),             # "We won": inside the marks, right speaker
        _quote(39, 52, (58, 61)),           # most of "the vote was fair", wrong speaker
        _quote(58, 78, None),               # "Bob thinks it rained": only 45% of it is gold content
    ]}
    result = score([article], predicted)
    assert (result["gold"], result["predicted"], result["matched"]) == (3, 3, 2)
    assert result["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["speaker"] == {"evaluated": 2, "correct": 1, "accuracy": 0.5}
    assert result["recall_by_kind"] == {"direct": 1.0, "indirect": 0.5}


def test_evaluate_speaker_named_elsewhere_counts_by_its_word(tmp_path: Path) -> None:
    [article] = read_polnear(_corpus(tmp_path), split="dev")
    elsewhere = {"story": [_quote(1, 7, (58, 61), name="Ann Lee")]}
    assert score([article], elsewhere)["speaker"]["correct"] == 1


def test_evaluate_overlap_counts_characters_over_pieces() -> None:
    assert overlap(((0, 10), (20, 30)), ((5, 25),)) == 10
    assert overlap(((0, 5),), ((5, 10),)) == 0
