-- Watches (what a user wants to be told about), the alerts they raised, and the delivery of each
-- alert on each push channel (an outbox: rows are written in the ingest transaction, sent later).
-- Subscriber addresses, webhook URLs and secrets live only here; nothing reads them back out
-- except the delivery step.

CREATE TABLE watches (
    id              VARCHAR PRIMARY KEY,     -- random, unguessable: the feed URL is a capability
    name            VARCHAR NOT NULL,
    actors          VARCHAR[],               -- one side: codes matched against actor or country
    partners        VARCHAR[],               -- the other side (a dyad is one actor and one partner)
    types           VARCHAR[],               -- PLOVER event types
    modes           VARCHAR[],               -- modalities; a mode matches any part of "reported+planned"
    dimensions      VARCHAR[],
    min_intensity   DOUBLE,                  -- least |Goldstein intensity|
    shift_threshold DOUBLE,                  -- least change of the dyad score between windows
    shift_window    VARCHAR,                 -- day, month or year
    feed            BOOLEAN NOT NULL,
    webhook_url     VARCHAR,                 -- private
    webhook_secret  VARCHAR,                 -- private
    email           VARCHAR,                 -- private
    email_mode      VARCHAR,                 -- immediate or digest
    created_at      TIMESTAMP NOT NULL,      -- UTC
    digest_sent_at  TIMESTAMP                -- UTC; the last digest e-mail
);

CREATE TABLE alerts (
    id          VARCHAR PRIMARY KEY,         -- hash of (watch, kind, event id or shift key): a re-run adds nothing
    watch_id    VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,            -- event or shift
    event_id    VARCHAR,
    article_id  VARCHAR,
    story_id    VARCHAR,                     -- the first article of its near-duplicate group
    equivalent  VARCHAR,                     -- type|sources|targets|date: equal across near-duplicates
    title       VARCHAR NOT NULL,
    summary     VARCHAR,
    payload     JSON NOT NULL,
    created_at  TIMESTAMP NOT NULL           -- UTC
);
CREATE INDEX alerts_watch ON alerts (watch_id);
CREATE INDEX alerts_story ON alerts (watch_id, story_id, equivalent);

CREATE TABLE deliveries (
    alert_id        VARCHAR NOT NULL,
    channel         VARCHAR NOT NULL,        -- webhook or email (the feed is read from `alerts`)
    watch_id        VARCHAR NOT NULL,
    status          VARCHAR NOT NULL,        -- pending, sent, failed (gave up; retried on request), cancelled
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,      -- UTC; exponential back-off after a failure
    last_error      VARCHAR,                 -- scrubbed of addresses, URLs and secrets
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    PRIMARY KEY (alert_id, channel)
);

-- Windows of a shift watch's dyad that a newly stored article touched, written in the ingest
-- transaction and consumed after it (the relations analysis runs outside that transaction): a
-- crash in between leaves the rows, and the next delivery run checks them again.
CREATE TABLE shift_checks (
    watch_id     VARCHAR NOT NULL,
    window_label VARCHAR NOT NULL,           -- e.g. 2013-09 for a month window
    article_id   VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (watch_id, window_label, article_id)
);
