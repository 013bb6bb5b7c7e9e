-- Articles, every place each was seen, and the inputs that could not become articles.
CREATE TABLE articles (
    id                  VARCHAR PRIMARY KEY,     -- first 16 hex of sha256(normalised body)
    title               VARCHAR,
    subtitle            VARCHAR,
    authors             VARCHAR[],
    published           VARCHAR,                 -- ISO 8601 of the known precision
    published_precision VARCHAR,
    source              VARCHAR,
    url                 VARCHAR,
    canonical_url       VARCHAR,
    language            VARCHAR,
    page                INTEGER,
    page_count          INTEGER,
    text                VARCHAR NOT NULL,        -- the body; every stored span indexes into it
    removed             JSON,
    external_id         VARCHAR,
    origin              VARCHAR,
    format              VARCHAR,
    near_duplicate_of   VARCHAR,
    ingested_at         TIMESTAMP DEFAULT current_timestamp
);
CREATE INDEX articles_canonical_url ON articles (canonical_url);

CREATE TABLE sightings (
    article_id VARCHAR NOT NULL,
    origin     VARCHAR NOT NULL,
    format     VARCHAR,
    seen_at    TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (article_id, origin)
);

CREATE TABLE rejects (
    id         VARCHAR PRIMARY KEY,              -- hash of origin and reason: one row per problem
    origin     VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    detail     VARCHAR,
    format     VARCHAR,
    size       BIGINT,
    first_seen TIMESTAMP DEFAULT current_timestamp,
    last_seen  TIMESTAMP DEFAULT current_timestamp,
    times      INTEGER DEFAULT 1
);
