-- MinHash signatures and LSH band keys, so that near-duplicate detection survives restarts and
-- scales with the store instead of with memory; and the groups it finds.
CREATE TABLE minhash (
    article_id VARCHAR PRIMARY KEY,
    signature  BLOB NOT NULL                     -- num_perm little-endian uint32 values
);

CREATE TABLE minhash_bands (
    band       SMALLINT NOT NULL,
    key        BIGINT NOT NULL,
    article_id VARCHAR NOT NULL
);
CREATE INDEX minhash_bands_key ON minhash_bands (band, key);

CREATE TABLE near_duplicates (
    article_id   VARCHAR PRIMARY KEY,
    duplicate_of VARCHAR NOT NULL,
    similarity   DOUBLE NOT NULL
);
