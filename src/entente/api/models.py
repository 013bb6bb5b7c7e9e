"""The shapes of the API's requests and responses, as published in the OpenAPI schema.

Offsets (`start`, `end`) are character offsets into the article's `text`; a `highlights` entry is
an offset into the sentence it belongs to. Dates are ISO 8601 strings of the precision known.
Relation shapes allow extra fields, so that the analysis can add attributes without breaking clients.
"""
from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..errors import InputRejected
from ..graph import rules
from ..ingest.dates import parse_published
from ..ingest.options import FORMATS


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# -- pieces ---------------------------------------------------------------------------------------
class ArticleRef(BaseModel):
    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    near_duplicate_of: str | None = None


class ActorInfo(BaseModel):
    code: str
    name: str
    kind: str = Field(description="Kind in the actor knowledge base: state, igo, organ, group, party, person, ...")
    group: str = Field(description="The page's kind filter: state, organisation, group or person.")
    country: str | None = None


class EventActor(BaseModel):
    actor: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


class Highlight(BaseModel):
    start: int = Field(description="Offset into the sentence.")
    end: int
    kind: str = Field(description="trigger, source or target")


class Sentence(BaseModel):
    start: int = Field(description="Offset of the sentence in the article text.")
    end: int
    text: str
    highlights: list[Highlight]


class WeightExplained(BaseModel):
    """How one piece of evidence got its weight (`entente.graph.rules.explain_weight`): its mode's weight
    (the product of its parts'), times the denial factor when disputed, times the extractor's confidence."""

    mode: str = Field(description="The mode, parts joined by '+', outermost first")
    parts: dict[str, float] = Field(description="Each part of the mode and its weight")
    mode_weight: float = Field(description="The product of the parts' weights")
    disputed_factor: float = Field(description=f"{rules.number(rules.DISPUTED_FACTOR)} when another record denies "
                                               "it, else 1")
    confidence: float | None = Field(None, description="The extractor's confidence (none: counted as 1)")
    weight: float = Field(description="mode_weight x disputed_factor x confidence")
    excluded: bool = Field(description="Weight 0: listed, not counted")
    text: str = Field(description="The same as one line, e.g. 'reported 0.7 × alleged 0.5 = 0.35'")


class Event(BaseModel):
    id: str
    type: str = Field(description="PLOVER event type")
    cameo: str | None = None
    quad: int | None = Field(None, description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                                               "4 material conflict")
    quad_label: str | None = None
    intensity: float | None = Field(None, description="Goldstein scale, -10 .. +10")
    mode: str = Field(description="asserted, reported, alleged, denied, negated, planned, hypothetical, historical "
                                  "(several joined by '+', outermost first)")
    real: bool = Field(description="False when the text does not say it happened (denied, negated, planned, hypothetical)")
    date: str | None = None
    date_precision: str | None = None
    when: str | None = Field(None, description="The event's date when known to the year or finer, else the article's")
    dimensions: list[str]
    source: list[EventActor]
    target: list[EventActor]
    sentence: Sentence
    reported_by: str | None = None
    denies: str | None = None
    denied_by: str | None = None
    confidence: float | None = None
    extractor: str
    plover_mode: str | None = Field(None, description="PLOVER's mode attribute: the kind of act within the type "
                                                      "(such as 'visit' for CONSULT)")
    article: ArticleRef
    kind: str = Field("event", description="event, or stance (a stated relation) in evidence lists")
    weight: float | None = Field(None, description="In evidence lists: the weight the relation rules give it")
    value: float | None = Field(None, description="In evidence lists: its signed intensity, -1 .. +1")
    contribution: float | None = Field(None, description="weight x value")
    disputed: bool | None = Field(None, description="In evidence lists: another record denies it")
    mode_weight: float | None = Field(None, description="In evidence lists: the weight of its mode alone (rule 3: "
                                                        + rules.legend() + "; compound modes multiply their parts)")
    weights: WeightExplained | None = Field(None, description="In evidence lists: how its weight came about")


class Span(BaseModel):
    start: int | None = None
    end: int | None = None
    text: str | None = None


class Speaker(Span):
    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    name: str | None = None


class Claim(BaseModel):
    event_id: str
    relation: str = Field(description="asserts or denies")
    type: str | None = None
    mode: str | None = None


class Quote(BaseModel):
    id: str
    direct: bool
    outlet: str | None = None
    extractor: str
    content: Span
    cue: Span
    speaker: Speaker
    claims: list[Claim]
    article: ArticleRef


class EventDetail(Event):
    claims: list[dict[str, Any]] = []
    quotes: list[Quote] = []
    related: list[Event] = Field([], description="The events this one denies or is denied by.")


class Mention(BaseModel):
    start: int
    end: int
    text: str
    actor: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    confidence: float | None = None
    extractor: str
    name: str | None = None


class Stance(BaseModel):
    id: str
    a: str
    b: str
    a_name: str | None = None
    b_name: str | None = None
    sign: int
    strength: float | None = None
    dimensions: list[str]
    mode: str
    start: int
    end: int
    sentence: str | None = None
    extractor: str


# -- pages of results -----------------------------------------------------------------------------
class PageBase(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="The path of the next page, or null on the last.")
    prev: str | None = Field(None, description="The path of the previous page, or null on the first.")


class ArticleHit(BaseModel):
    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    format: str | None = None
    length: int
    snippet: str | None = None
    n_events: int
    n_quotes: int


class ArticlePage(PageBase):
    items: list[ArticleHit]


class EventPage(PageBase):
    items: list[Event]


class QuotePage(PageBase):
    items: list[Quote]


class ActorRow(ActorInfo):
    n_mentions: int
    n_events: int
    n_quotes: int
    first_seen: str | None = None
    last_seen: str | None = None


class ActorPage(PageBase):
    items: list[ActorRow]


class Article(BaseModel):
    id: str
    title: str | None = None
    subtitle: str | None = None
    authors: list[str]
    published: str | None = None
    published_precision: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    text: str
    removed: dict[str, Any] | list[Any] | str
    origin: str | None = None
    format: str | None = None
    near_duplicate_of: str | None = None
    ingested_at: str | None = None
    mentions: list[Mention]
    events: list[Event]
    quotes: list[Quote]
    stances: list[Stance]
    near_duplicates: list[str]
    sightings: list[dict[str, Any]]


class PartnerRow(ActorInfo):
    sign: int
    weight: float
    confidence: float
    n_events: int
    n_sources: int
    dimensions: list[str]
    series: list[dict[str, Any]]


class ActorDetail(ActorInfo):
    counts: dict[str, Any]
    partners: list[PartnerRow]
    adversaries: list[PartnerRow]
    events: EventPage
    quotes: QuotePage


# -- relations ------------------------------------------------------------------------------------
WEIGHTS_DOC = (
    "Each piece of evidence counts with the weight of its mode (" + rules.legend() + "); "
    + rules.COMPOUND_RULE + "; a disputed event (another record denies it) x"
    + rules.number(rules.DISPUTED_FACTOR) + "; " + rules.CONFIDENCE_RULE + ". Weight 0 is excluded: "
    "listed, not counted. " + rules.HISTORICAL_RULE[0].upper() + rules.HISTORICAL_RULE[1:] + "."
)


class WeightsUsed(BaseModel):
    """The weights a relation used (`entente.graph.rules`, rule 3-5), shown beside its evidence."""

    modes: dict[str, float] = Field(description="The weight of each mode: " + rules.legend())
    legend: str = Field(description="The same on one line, e.g. '" + rules.legend() + "'")
    in_use: str = Field(description="The legend of the modes that occur in this relation or its listed evidence")
    compound: str = Field(description="How a compound mode is weighed")
    unknown_mode: float = Field(description="The weight of a mode part the rules do not know")
    excluded: list[str] = Field(description="The modes weighed 0: listed, not counted")
    disputed_factor: float = Field(description="Factor for an event another record denies")
    confidence: str
    historical: str = Field(description="Where a historical event counts in time")
    n_excluded: int = Field(description="Evidence units the rules weighed 0 (not counted)")
    excluded_by_mode: dict[str, int] = Field(description="The excluded units, by mode")


class RelationSummary(Open):
    """One dyad over one window or range, as `entente.graph` computes it (rules: `entente.graph.rules`)."""

    a: str
    b: str
    window: str | None = None
    score: float | None = Field(None, description="-1 .. +1")
    sign: int = Field(description="+1 friendly, -1 hostile, 0 neutral or no counted evidence")
    n_events: int = Field(description="Counted evidence units")
    n_excluded: int = Field(description="Units weighed 0 (denied, negated, hypothetical)")
    n_sources: int
    confidence: float
    modes: dict[str, int] | None = Field(None, description="Every unit by its mode (counted and excluded)")
    excluded_by_mode: dict[str, int] | None = Field(None, description="The units weighed 0, by mode")


class Dyad(Open):
    a: ActorInfo
    b: ActorInfo
    window: str
    score: float | None = None
    sign: int
    confidence: float
    n_events: int
    n_excluded: int
    n_sources: int
    relation: RelationSummary | None = None
    series: list[RelationSummary]
    strongest: list[Event] = Field(description="The strongest evidence records, by |weight x value|, each with its "
                                               "mode, mode_weight and how its weight came about")
    events: EventPage
    quotes: list[Quote]
    weights: WeightsUsed = Field(description="The weights used. " + WEIGHTS_DOC)


class DyadRow(RelationSummary):
    source: str
    target: str
    source_name: str
    target_name: str
    weight: float
    dimensions: list[str]


class DyadPage(PageBase):
    items: list[DyadRow]


class NetworkNode(ActorInfo):
    model_config = ConfigDict(extra="allow")
    id: str
    degree: int
    n_events: int
    bloc: int | None = None


class NetworkEdge(Open):
    source: str
    target: str
    sign: int = Field(description="+1 friendly, -1 hostile")
    weight: float = Field(description="The signed score of the relation in the window, -1 .. +1")
    n_events: int
    n_sources: int
    confidence: float
    dimensions: list[str]


class Network(Open):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    blocs: list[list[str]]
    frustration: int
    frustration_exact: bool


class BalanceWindow(Open):
    window: str | None = None
    nodes: int
    edges: int
    triads: int
    balanced: int
    share_balanced: float | None = None
    frustration: float
    exact: bool
    blocs: list[dict[str, Any]]


class BalanceResult(Open):
    window: str | None = None
    kind: str
    windows: list[BalanceWindow]
    names: dict[str, str]


class BlocsResult(Open):
    window: str | None = None
    kind: str
    windows: list[dict[str, Any]]
    names: dict[str, str]


class WhyStep(Open):
    a: ActorInfo
    b: ActorInfo
    sign: int
    score: float | None = None
    n_events: int
    evidence: list[Event]


class WhyPath(Open):
    via: ActorInfo
    kind: str = Field(description="common_enemy, common_friend or friend_of_enemy")
    predicts: int
    supports: bool | None = Field(None, description="The path's prediction agrees with the direct sign (null: no "
                                                    "direct sign)")
    strength: float
    text: str
    steps: list[WhyStep]


class WhyDirect(BaseModel):
    relation: RelationSummary | None = None
    evidence: list[Event]


class Why(Open):
    a: ActorInfo
    b: ActorInfo
    summary: str
    direct: WhyDirect
    quotes: list[Quote]
    paths: list[WhyPath]
    shared_adversaries: list[str]
    weights: WeightsUsed = Field(description="The weights used. " + WEIGHTS_DOC)


class Shift(Open):
    a: ActorInfo
    b: ActorInfo
    from_window: str
    to_window: str
    before: float
    after: float
    delta: float
    q: float
    events: list[Event]


class Shifts(Open):
    window: str
    total: int
    shifts: list[Shift]


# -- ingestion ------------------------------------------------------------------------------------
#: The forms a publication date may take, for the messages of a date that cannot be read.
MAX_DATE_LENGTH = 64
DATE_FORMS = ("an ISO 8601 date (2013-09-17, 2013-09 or 2013), a datetime (2013-09-17T10:00:00Z) "
              "or a written date (September 17, 2013)")


def readable_published(value: str | None) -> str | None:
    """The publication date as `YYYY[-MM[-DD]]`, read as `entente ingest` reads dates; blank is none.

    Every ingestion body checks its dates here, so that a date one endpoint refuses is refused by
    all of them (422) instead of being stored as sent by another.
    """
    if value is None or not value.strip():
        return None
    try:
        iso, _precision = parse_published(value)
    except InputRejected:
        raise ValueError(f"cannot read the date {value!r}; give {DATE_FORMS}") from None
    return iso


def precision_of(iso: str) -> str:
    """`year`, `month` or `day`: how much of the calendar a normalised date names."""
    return {4: "year", 7: "month"}.get(len(iso), "day")


#: Pydantic checks the type and the length (the date parser is slow on long text) before reading it.
PublishedDate = Annotated[str | None, AfterValidator(readable_published)]


class IngestFlags(BaseModel):
    model_config = ConfigDict(extra="forbid")

    extract: bool = Field(True, description="Run the extractors (actors, events, quotes) on the new articles.")
    wait: float = Field(60.0, ge=0, le=600, description="Seconds to wait for the job; 0 returns at once (202).")


class TextIn(IngestFlags):
    text: str = Field(min_length=1, max_length=5 * 1024 * 1024, description="The article body, or a raw scrape.")
    title: str | None = Field(None, max_length=2000)
    published: PublishedDate = Field(None, max_length=MAX_DATE_LENGTH, description="Publication date: " + DATE_FORMS + ".")
    source: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=4000)


class HtmlIn(IngestFlags):
    html: str = Field(min_length=1, max_length=5 * 1024 * 1024)
    url: str | None = Field(None, max_length=4000, description="Where the page came from (not fetched).")


class UrlIn(IngestFlags):
    url: str = Field(min_length=1, max_length=4000, description="An http(s) URL; private and loopback "
                                                                 "addresses are refused unless the server allows them.")


class ArticleIn(BaseModel):
    """An article already read by a client (`entente ingest` while a server owns the store)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = []
    published: PublishedDate = Field(None, max_length=MAX_DATE_LENGTH, description="Publication date: " + DATE_FORMS
                                     + "; stored as YYYY[-MM[-DD]].")
    published_precision: str | None = Field(None, pattern=r"^(year|month|day)$",
                                            description="year, month or day; read from the date when left out.")
    source: str | None = None
    url: str | None = None
    language: str | None = None
    page: int | None = Field(None, ge=0, le=1_000_000)
    page_count: int | None = Field(None, ge=0, le=1_000_000)
    removed: dict[str, list[str]] = {}
    external_id: str | None = None
    origin: str | None = None
    format: str | None = None

    @model_validator(mode="after")
    def _precision_matches_the_date(self) -> ArticleIn:
        """The precision is the date's own: a day is never claimed for a date that names only a month."""
        if self.published is None:
            return self
        named = precision_of(self.published)
        if self.published_precision is None:
            self.published_precision = named
        elif self.published_precision != named:
            raise ValueError(f"published_precision {self.published_precision!r} does not match the date "
                             f"{self.published!r}, which names a {named}; leave published_precision out and "
                             "it is read from the date")
        return self


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    origin: str
    reason: str
    detail: str = ""
    format: str | None = None
    size: int | None = Field(None, ge=0, le=2**62)


class ArticlesIn(IngestFlags):
    articles: list[ArticleIn] = Field([], max_length=5000)
    rejects: list[RejectIn] = Field([], max_length=5000)


class IngestJob(BaseModel):
    id: str
    kind: str
    status: str = Field(description="queued, running, done or failed")
    extract: bool
    created: str
    finished: str | None = None
    summary: dict[str, Any] | None = None
    article_ids: list[str]
    stored_ids: list[str]
    error: dict[str, Any] | None = None
    rejects: list[dict[str, Any]] = Field([], description="Inputs of this request that could not become articles.")


FILE_FORMATS = FORMATS
