-- What users' presses suggest about their questions (core.Signal): a "did you mean"
-- alternative pressed, or a related topic pressed after "not helpful". Shown to knowledge
-- owners as suggestions to accept; never applied on their own. qkey is the question as the
-- query report normalises it, so the same question typed twice adds up.
CREATE TABLE signals (
    qkey     TEXT        NOT NULL,
    question TEXT        NOT NULL, -- as last asked
    slug     TEXT        NOT NULL,
    kind     TEXT        NOT NULL,
    times    BIGINT      NOT NULL CHECK (times > 0),
    last_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (qkey, slug, kind)
);
CREATE INDEX signals_by_times ON signals (times DESC, last_at DESC);
