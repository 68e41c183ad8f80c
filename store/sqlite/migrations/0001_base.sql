-- The base store: language choices, answer feedback, event de-duplication.
-- Times are INTEGER Unix nanoseconds (UTC).

CREATE TABLE user_lang (
    platform   TEXT    NOT NULL,
    workspace  TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    lang       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (platform, workspace, user_id)
) WITHOUT ROWID;

-- One row per user and topic: a later press replaces the earlier one.
CREATE TABLE feedback (
    platform  TEXT    NOT NULL,
    workspace TEXT    NOT NULL,
    user_id   TEXT    NOT NULL,
    slug      TEXT    NOT NULL,
    channel   TEXT    NOT NULL,
    helpful   INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    at        INTEGER NOT NULL,
    PRIMARY KEY (platform, workspace, user_id, slug)
);
CREATE INDEX feedback_by_slug ON feedback (slug, helpful);

CREATE TABLE event_dedup (
    key        TEXT    NOT NULL PRIMARY KEY,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX event_dedup_by_expiry ON event_dedup (expires_at);
