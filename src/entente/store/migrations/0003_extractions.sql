-- What the extractors find in an article. Every row names the extractor version that made it
-- (`extractor`), so that `entente recode` can replace one version's output, and every row points
-- back to its article and to character offsets into that article's `text`.

CREATE TABLE mentions (
    article_id VARCHAR NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    actor      VARCHAR,                 -- actor code (ISO3 for states); NULL when only a sector is known
    country    VARCHAR,                 -- ISO3 the actor belongs to
    sector     VARCHAR,                 -- GOV, MIL, DIP, ...
    role       VARCHAR,                 -- e.g. posted_to:AZE
    confidence DOUBLE,
    extractor  VARCHAR NOT NULL,
    PRIMARY KEY (article_id, start, "end", extractor)
);

CREATE TABLE events (
    id             VARCHAR PRIMARY KEY,
    article_id     VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,    -- PLOVER event type
    cameo          VARCHAR,             -- CAMEO code (root or finer)
    quad           SMALLINT,            -- 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict
    intensity      DOUBLE,              -- Goldstein scale, -10 .. +10
    mode           VARCHAR NOT NULL,    -- asserted, reported, alleged, denied, negated, planned, hypothetical, historical
    date           VARCHAR,             -- ISO 8601 of the known precision
    date_precision VARCHAR,             -- day, month, year, decade, century
    dimensions     VARCHAR[],
    sentence_start INTEGER NOT NULL,    -- evidence: the sentence
    sentence_end   INTEGER NOT NULL,
    trigger_start  INTEGER,             -- evidence: the trigger words
    trigger_end    INTEGER,
    reported_by    VARCHAR,             -- who reports or alleges it (actor code or the source's words)
    denies         VARCHAR,             -- id of the event or claim this one denies
    denied_by      VARCHAR,             -- id of the event that denies this one
    confidence     DOUBLE,
    extractor      VARCHAR NOT NULL
);
CREATE INDEX events_article ON events (article_id);

CREATE TABLE event_actors (
    event_id VARCHAR NOT NULL,
    role     VARCHAR NOT NULL,          -- source or target
    actor    VARCHAR NOT NULL,          -- actor code
    country  VARCHAR,
    sector   VARCHAR,
    start    INTEGER,                   -- the mention's span in the article text
    "end"    INTEGER,
    text     VARCHAR
);
CREATE INDEX event_actors_actor ON event_actors (actor);

CREATE TABLE stances (
    id         VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    a          VARCHAR NOT NULL,
    b          VARCHAR NOT NULL,
    sign       SMALLINT NOT NULL,       -- +1 close, -1 hostile
    strength   DOUBLE,
    dimensions VARCHAR[],
    mode       VARCHAR NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    extractor  VARCHAR NOT NULL
);

CREATE TABLE quotes (
    id              VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    content_start   INTEGER NOT NULL,
    content_end     INTEGER NOT NULL,
    cue_start       INTEGER,
    cue_end         INTEGER,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    speaker_text    VARCHAR,
    speaker_actor   VARCHAR,
    speaker_country VARCHAR,
    speaker_sector  VARCHAR,
    direct          BOOLEAN NOT NULL,
    outlet          VARCHAR,
    extractor       VARCHAR NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);

CREATE TABLE claims (
    quote_id VARCHAR,                   -- the quote or report making the claim (NULL for a bare report)
    event_id VARCHAR NOT NULL,          -- the event asserted or denied
    relation VARCHAR NOT NULL,          -- asserts or denies
    article_id VARCHAR NOT NULL,
    extractor VARCHAR NOT NULL
);
