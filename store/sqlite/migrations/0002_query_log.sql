-- What users ask, for knowledge owners: the top questions and the unanswered ones. No user ids:
-- the log is about the knowledge base, not about people.
CREATE TABLE query_log (
    id       INTEGER PRIMARY KEY,
    platform TEXT    NOT NULL,
    query    TEXT    NOT NULL, -- normalised: trimmed, spaces collapsed, lower case, bounded
    slug     TEXT    NOT NULL, -- '' when the bot did not answer
    score    REAL    NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX query_log_by_time ON query_log (at);
