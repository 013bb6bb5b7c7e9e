-- Which extractor versions last processed each article, so that `entente recode` finds the
-- articles whose extractions are older than the installed extractors.
CREATE TABLE extraction_runs (
    article_id VARCHAR PRIMARY KEY,
    extractors VARCHAR NOT NULL,        -- e.g. "entente.actors/0.1.0 entente.events/0.1.0 entente.quotes/0.1.0"
    recorded_at TIMESTAMP DEFAULT current_timestamp
);
