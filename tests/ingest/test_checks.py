"""The admission gate: a table of figures is no article, a story followed by a table is one."""
from __future__ import annotations

from entente.errors import Reason
from entente.ingest import IngestOptions
from entente.ingest.checks import admit
from entente.records import Article, Rejected

RESULTS = "\n".join(["Results of first division soccer matches on Wednesday:"] +
                    [f"Club {n} {n % 4} Town {n} {n % 3}" for n in range(12)])

STORY = ("Security forces cleared an encampment in the hills on Monday to expel its residents from an area "
         "that had been earmarked for new housing, residents said.\n"
         "A spokesman for the civil administration said the families were moved because they were camped "
         "inside a firing zone used by the army for training.\n"
         "The spokesman said he knew nothing about soldiers having taken anything from the families' tents "
         "while searching them.\n")

PRICES = "\n".join(["Base metals prices - August 26."] + [f"Grade {n} {n}.25-{n}.75 cents / pound" for n in range(15)])


def test_a_results_table_is_no_article() -> None:
    verdict = admit(Article(text=RESULTS, origin="results"), IngestOptions())
    assert isinstance(verdict, Rejected) and verdict.reason is Reason.NO_ARTICLE
    assert "table" in verdict.detail


def test_a_price_table_alone_is_no_article() -> None:
    assert isinstance(admit(Article(text=PRICES, origin="prices"), IngestOptions()), Rejected)


def test_a_story_filed_with_a_price_table_is_an_article() -> None:
    verdict = admit(Article(text=STORY + PRICES, origin="story"), IngestOptions())
    assert isinstance(verdict, Article) and verdict.language == "en"
