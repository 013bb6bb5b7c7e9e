"""The plain-text reader: the seed page, the outlet-sample collections, and small hand-made pages."""
from __future__ import annotations

from pathlib import Path

import pytest

from entente.errors import InputRejected, Reason
from entente.ingest.text import load_patterns, read_text
from entente.records import REMOVED_KINDS, Article

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = SHARED / "seed" / "000_5add44aad795eaac.txt"
OUTLETS = SHARED / "data" / "news" / "outlet_samples"

BODY = "Officials met on Tuesday to discuss the border.\n\nThe talks ended without a deal, the ministry said."


MISSING = "is missing: the read-only shared data folder (../shared) is not beside the repository"


def shared_text(path: Path) -> str:
    """A file of ../shared, or skip: the shared data folder sits beside the repository."""
    if not path.exists():
        pytest.skip(f"{path} {MISSING}")
    return path.read_text(encoding="utf-8")


def read_outlet(name: str) -> tuple[str, list[Article]]:
    text = shared_text(OUTLETS / name)
    return text, read_text(text, origin=name)


def body_lines(articles: list[Article]) -> set[str]:
    return {line.strip() for article in articles for line in article.text.split("\n")}


# --------------------------------------------------------------------------------------------
# The seed: one scraped page, boilerplate included
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_text() -> str:
    return shared_text(SEED)


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Article:
    articles = read_text(seed_text, origin="seed.txt")
    assert len(articles) == 1
    return articles[0]


def test_text_seed_is_one_text_article_with_its_origin(seed: Article) -> None:
    assert seed.format == "text"
    assert seed.origin == "seed.txt"


def test_text_seed_title_and_subtitle(seed: Article) -> None:
    assert seed.title == "Israel Forges Close Ties With Azerbaijan — Both Eye Iran"
    assert seed.subtitle == "Oil, Arms and Tech Fuel Enemy-of-My-Enemy Bond"


def test_text_seed_author(seed: Article) -> None:
    assert seed.authors == ["Cnaan Liphshiz"]


def test_text_seed_published_to_the_day(seed: Article) -> None:
    assert (seed.published, seed.published_precision) == ("2013-09-17", "day")


def test_text_seed_page_two_of_two(seed: Article) -> None:
    assert (seed.page, seed.page_count) == (2, 2)


def test_text_seed_body_runs_from_the_lead_to_the_akhundov_quote(seed: Article) -> None:
    assert seed.text.startswith("Israel was named as a factor")
    assert seed.text.endswith("role in the establishment of warm bilateral ties.”")


def test_text_seed_body_is_one_slice_of_the_input(seed: Article, seed_text: str) -> None:
    assert seed.text in seed_text


@pytest.mark.parametrize("junk", ["getty images", "would you like to receive", "will not share your e-mail",
                                  "already subscribed", "by cnaan", "page 2 of 2", "caucasus friend"])
def test_text_seed_body_holds_no_furniture(seed: Article, junk: str) -> None:
    assert junk not in seed.text.lower()


def test_text_seed_records_each_removed_piece_under_its_kind(seed: Article) -> None:
    removed = seed.removed
    assert set(removed) <= set(REMOVED_KINDS)
    assert removed["title"] == ["Israel Forges Close Ties With Azerbaijan — Both Eye Iran"]
    assert removed["subtitle"] == ["Oil, Arms and Tech Fuel Enemy-of-My-Enemy Bond"]
    assert len(removed["caption"]) == 2  # printed above and below the credit
    assert all(caption.startswith("Caucasus Friend: Ilham Aliyev") for caption in removed["caption"])
    assert removed["credit"] == ["getty images"]
    assert removed["byline"] == ["By Cnaan Liphshiz"]
    assert removed["dateline_meta"] == ["Published September 17, 2013."]
    assert removed["pagination"] == ["(page 2 of 2)"]
    assert removed["boilerplate"] == ["Would you like to receive updates about new stories?",
                                      "We will not share your e-mail address or other personal information.",
                                      "Already subscribed? Manage your subscription."]


def test_text_seed_with_windows_line_ends_reads_the_same(seed: Article, seed_text: str) -> None:
    [again] = read_text(seed_text.replace("\n", "\r\n"), origin="seed.txt")
    assert again.text == seed.text
    assert again.id == seed.id


# --------------------------------------------------------------------------------------------
# Collections: the outlet samples, several articles a file
# --------------------------------------------------------------------------------------------

# Blocks counted by hand (title line, body lines, one blank line between articles).
@pytest.mark.parametrize(("name", "blocks", "first_title"), [
    ("cnn_001.txt", 7, "New Cuba-U.S. migration talks set for Monday"),
    ("bbc_2010_2021_084.txt", 14, "Van driven at three people in Greenock murder bid"),
    ("xinhua_005.txt", 8, "Nigeria's police nab 56 criminal suspects in northern state"),
    ("cna_007.txt", 14, "Gunmen attack diving resort on Malaysia's Mabul island"),
    ("france24_003.txt", 22, "Tanya Lokshina, Deputy Director of Human Rights Watch at the Moscow Office"),
    ("st_002.txt", 13, "Trump holds out promise to revive ties at Apec summit"),
])
def test_text_outlet_file_gives_one_article_per_block(name: str, blocks: int, first_title: str) -> None:
    _, articles = read_outlet(name)
    assert len(articles) == blocks
    assert articles[0].title == first_title
    assert [article.origin for article in articles] == [f"{name}#{n}" for n in range(1, blocks + 1)]


def test_text_outlet_bodies_are_made_of_slices_of_the_input() -> None:
    if not OUTLETS.exists():
        pytest.skip(f"{OUTLETS} {MISSING}")
    for path in sorted(OUTLETS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for article in read_text(text, origin=path.name):
            assert article.text.strip(), article.origin
            for paragraph in article.text.split("\n"):
                assert paragraph in text, (article.origin, paragraph)


# Boilerplate the outlets share (newsletter boxes, social links, credits, reuse and transcript
# notices, repeated headlines): each must leave the bodies and be recorded under its kind.
@pytest.mark.parametrize(("name", "line", "kind"), [
    ("cnn_001.txt", "Subscribe to one of our news e-mail lists Enter your address:", "boilerplate"),
    ("cnn_001.txt", "This material may not be published, broadcast, rewritten, or redistributed.",
     "boilerplate"),
    ("cnn_001.txt", "CNN Correspondent Susan Candiotti contributed to this report.", "credit"),
    ("bbc_2010_2021_084.txt", "Follow BBC East Midlands on Facebook, Twitter, or Instagram.", "boilerplate"),
    ("bbc_2010_2021_084.txt", "Send your story ideas to", "boilerplate"),
    ("bbc_2010_2021_084.txt", "Find BBC News: East of England on Facebook, Instagram and Twitter.",
     "boilerplate"),
    ("bbc_2010_2021_084.txt", "Read more:Trump campaigns in crucial Senate battleground", "boilerplate"),
    ("france24_003.txt", "Daily newsletterReceive essential international news every morning Subscribe",
     "boilerplate"),
    ("france24_003.txt", "By: James CREEDON Follow 1 min", "byline"),
    ("france24_003.txt", "(Credit: stannate via flickr)", "credit"),
    ("crf_003.txt", "THIS IS A RUSH TRANSCRIPT.", "boilerplate"),
    ("crf_003.txt", "This video is part of Lessons Learned, a series dedicated to exploring historical "
                    "events and examining their meaning in the context of foreign relations today.",
     "boilerplate"),
    ("abc_2001_2021_000.txt", "(See sidebar, below.)", "boilerplate"),
    ("latimes_026_010.txt", "Photos: U.S., allies launch attacks in Libya", "boilerplate"),
    ("latimes_001_012.txt", "Times staff writers Mark Henry in Los Angeles and Bill Curry in Denver also "
                            "contributed to this story.", "credit"),
    ("conversation_001.txt", "This article is part of our series, Is Australia Full?", "boilerplate"),
    ("st_002.txt", "Having trouble viewing the video?", "boilerplate"),
    ("st_002.txt", "Photos Pat Reavy, KSL 8 Pending Comments", "boilerplate"),
    ("xinhua_005.txt", "Photo taken on May 28, 2019 shows the United Nations Security Council meeting on the "
                       "situation in Syria, at the UN headquarters in New York.", "caption"),
])
def test_text_outlet_boilerplate_is_removed_and_recorded(name: str, line: str, kind: str) -> None:
    text, articles = read_outlet(name)
    assert line in text
    assert line not in body_lines(articles)
    assert any(line in article.removed.get(kind, []) for article in articles)


def test_text_outlet_cnn_repeated_title_leaves_the_body_and_the_dateline_names_the_agency() -> None:
    _, articles = read_outlet("cnn_001.txt")
    first = articles[0]
    assert first.removed["title"] == ["New Cuba-U.S. migration talks set for Monday"] * 2
    assert "migration talks set for monday" not in first.text.lower()
    assert first.text.startswith("HAVANA, Cuba (Reuters) -- Senior Cuban and U.S. officials")
    assert first.source == "Reuters"


def test_text_outlet_headline_suffix_becomes_the_source() -> None:
    _, articles = read_outlet("xinhua_005.txt")
    assert all(article.source == "Xinhua" for article in articles)
    assert not any((article.title or "").endswith("Xinhua") for article in articles)


def test_text_outlet_byline_names_are_split_and_unshouted() -> None:
    _, articles = read_outlet("france24_003.txt")
    assert articles[4].authors == ["Deborah Bonello", "Laurence Cuvillier", "Matthieu Comin"]


def test_text_outlet_glued_prefixes_leave_the_body() -> None:
    _, articles = read_outlet("st_002.txt")
    assert articles[0].text.startswith("New Delhi: US President Donald Trump")
    assert "Photo: AFP" in articles[0].removed["credit"]
    assert articles[2].text.startswith("(AP) a Tunisia's president")  # "A A A " widget and headline gone
    assert articles[2].source == "AP"


def test_text_outlet_time_stamp_dates_the_article() -> None:
    _, articles = read_outlet("sfgate_021.txt")
    assert (articles[0].published, articles[0].published_precision) == ("1995-04-30", "day")
    assert articles[0].text.startswith("SOUTH SAN FRANCISCO --")


# --------------------------------------------------------------------------------------------
# Small hand-made pages
# --------------------------------------------------------------------------------------------

def page(*header: str, body: str = BODY) -> str:
    return "\n\n".join(["Border talks stall", *header, body])


@pytest.mark.parametrize(("byline", "authors"), [
    ("By Jane Doe", ["Jane Doe"]),
    ("BY JANE DOE", ["Jane Doe"]),
    ("By: Jane Doe", ["Jane Doe"]),
    ("Written by Jane Doe", ["Jane Doe"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("By Jane Doe, John Roe and Max Mustermann", ["Jane Doe", "John Roe", "Max Mustermann"]),
    ("By Jane Doe | Staff Writer", ["Jane Doe"]),
    ("By Jane Doe in Washington", ["Jane Doe"]),
    ("By Charles de Gaulle", ["Charles de Gaulle"]),
    ("By Mary O'NEILL", ["Mary O'Neill"]),
])
def test_text_byline_variants(byline: str, authors: list[str]) -> None:
    [article] = read_text(page(byline), origin="x")
    assert article.authors == authors
    assert article.removed["byline"] == [byline]
    assert article.text == BODY


def test_text_byline_agency_becomes_the_source() -> None:
    [article] = read_text(page("By Jane Doe, Reuters"), origin="x")
    assert (article.authors, article.source) == (["Jane Doe"], "Reuters")


def test_text_prose_that_starts_with_by_stays_in_the_body() -> None:
    lead = "By the end of the week, the talks had collapsed."
    [article] = read_text(page(lead), origin="x")
    assert article.authors == []
    assert article.text.startswith(lead)


@pytest.mark.parametrize(("line", "published"), [
    ("Published: 3 March 2020", ("2020-03-03", "day")),
    ("Published September 17, 2013.", ("2013-09-17", "day")),
    ("Posted on 2020-03-03", ("2020-03-03", "day")),
    ("Tuesday, 17 September 2013", ("2013-09-17", "day")),
    ("Updated 10:32 AM ET, Tue September 17, 2013", ("2013-09-17", "day")),
])
def test_text_publication_lines(line: str, published: tuple[str, str]) -> None:
    [article] = read_text(page(line), origin="x")
    assert (article.published, article.published_precision) == published
    assert article.removed["dateline_meta"] == [line]
    assert article.text == BODY


@pytest.mark.parametrize(("dateline", "source"), [
    ("HAVANA, Cuba (Reuters) -- ", "Reuters"),
    ("TOKYO (AP) — ", "AP"),
    ("PARIS, Jan. 5 (AFP) - ", "AFP"),
    ("LONDON -- ", None),
])
def test_text_dateline_stays_in_the_body_and_names_the_agency(dateline: str, source: str | None) -> None:
    lead = dateline + "Senior officials will meet next week."
    [article] = read_text(page(body=lead + "\n\nThey last met in June."), origin="x")
    assert article.text.startswith(lead)
    assert article.source == source


def test_text_header_furniture_is_recorded_by_kind() -> None:
    text = page("Share this article", "Photo: Reuters", "(AP Photo/Evan Vucci)", "Click here to subscribe",
                "Read more: another story", "Related: more stories",
                "We use cookies to improve your experience.",
                body=BODY + "\n\n© 2013 Example News. All rights reserved.\n\nSign up for our newsletter")
    [article] = read_text(text, origin="x")
    assert article.text == BODY
    assert article.removed["credit"] == ["Photo: Reuters", "(AP Photo/Evan Vucci)"]
    assert len(article.removed["boilerplate"]) == 7


def test_text_boilerplate_inside_the_body_goes_as_a_whole_line() -> None:
    text = page(body="First paragraph of the story.\n\nAdvertisement\n\nSecond paragraph of the story.")
    [article] = read_text(text, origin="x")
    assert article.text == "First paragraph of the story.\n\nSecond paragraph of the story."
    assert article.removed["boilerplate"] == ["Advertisement"]


def test_text_only_boilerplate_is_no_article() -> None:
    text = ("Share this article\n\nAdvertisement\n\nSign up for our newsletter\n\n"
            "© 2013 The Forward. All rights reserved.\n\nFollow us on Twitter")
    with pytest.raises(InputRejected) as caught:
        read_text(text, origin="x")
    assert caught.value.reason is Reason.NO_ARTICLE


@pytest.mark.parametrize("text", ["", "  \n\n \n", "Border talks stall"])
def test_text_nothing_but_a_title_is_no_article(text: str) -> None:
    with pytest.raises(InputRejected) as caught:
        read_text(text, origin="x")
    assert caught.value.reason is Reason.NO_ARTICLE


def test_text_hard_wrapped_page_is_one_article_not_a_collection() -> None:
    text = ("Border talks stall\n\n"
            "The government said on Tuesday that it would open talks with its\n"
            "neighbour over the disputed border, a move that analysts said\ncould ease tensions.\n\n"
            "The talks are expected to begin next month in Geneva, according\n"
            "to a statement released by the foreign ministry late on\nMonday evening.")
    [article] = read_text(text, origin="x")
    assert article.origin == "x"
    assert article.title == "Border talks stall"
    assert article.text == text.split("\n\n", 1)[1]


def test_text_headline_block_above_a_body_block_is_one_article() -> None:
    text = ("Border talks stall\nBy Jane Doe\nPublished March 3, 2020\n\n"
            "Officials met on Tuesday.\nThe talks ended without a deal.\nThey will meet again.")
    [article] = read_text(text, origin="x")
    assert article.title == "Border talks stall"
    assert (article.authors, article.published) == (["Jane Doe"], "2020-03-03")
    assert article.origin == "x"
    assert article.text == "Officials met on Tuesday.\nThe talks ended without a deal.\nThey will meet again."


def test_text_small_collection_is_split_by_blank_lines() -> None:
    text = ("First headline\nFirst story opens here.\nIt goes on.\n\n"
            "Second headline\nSecond story opens here.\nIt ends.\n")
    articles = read_text(text, origin="x")
    assert [(a.origin, a.title, a.text) for a in articles] == [
        ("x#1", "First headline", "First story opens here.\nIt goes on."),
        ("x#2", "Second headline", "Second story opens here.\nIt ends."),
    ]


# --------------------------------------------------------------------------------------------
# The patterns file
# --------------------------------------------------------------------------------------------

def test_text_patterns_are_read_once_and_use_known_kinds() -> None:
    patterns = load_patterns()
    assert load_patterns() is patterns
    kinds = {rule.kind for rule in patterns.lines} | {rule.kind for rule in patterns.prefixes}
    assert kinds <= set(REMOVED_KINDS)
    groups = {rule.name for rule in patterns.lines}
    assert {"byline", "published", "pagination", "photo_credit", "subscription"} <= groups
