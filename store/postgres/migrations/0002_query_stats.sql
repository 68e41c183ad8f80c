-- What users ask, for knowledge owners: how often each question was asked per day and platform,
-- and the entry that answered it. Aggregated counts, no user ids: the table is about the
-- knowledge base, not about people. Days older than 90 are dropped as new counts arrive.
CREATE TABLE query_stats (
    day      BIGINT NOT NULL, -- days since 1970-01-01 UTC
    platform TEXT   NOT NULL,
    query    TEXT   NOT NULL, -- normalised: trimmed, spaces collapsed, lower case, <= 200 bytes
    slug     TEXT   NOT NULL, -- '' when the bot did not answer
    asked    BIGINT NOT NULL CHECK (asked > 0),
    PRIMARY KEY (day, platform, query, slug)
);
