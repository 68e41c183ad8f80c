-- The base store: language choices, answer feedback, event de-duplication.
-- Identifiers compare byte for byte (COLLATE "C"), as on SQLite.

CREATE TABLE user_lang (
    platform   text COLLATE "C" NOT NULL,
    workspace  text COLLATE "C" NOT NULL,
    user_id    text COLLATE "C" NOT NULL,
    lang       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, workspace, user_id)
);

-- One row per user and topic: a later press replaces the earlier one.
CREATE TABLE feedback (
    platform  text COLLATE "C" NOT NULL,
    workspace text COLLATE "C" NOT NULL,
    user_id   text COLLATE "C" NOT NULL,
    slug      text COLLATE "C" NOT NULL,
    channel   text NOT NULL,
    helpful   boolean NOT NULL,
    at        timestamptz NOT NULL,
    PRIMARY KEY (platform, workspace, user_id, slug)
);
CREATE INDEX feedback_by_slug ON feedback (slug, helpful);

-- expires_at is Unix nanoseconds (UTC), as on SQLite, so both stores compare the same
-- instants exactly.
CREATE TABLE event_dedup (
    key        text COLLATE "C" PRIMARY KEY,
    expires_at bigint NOT NULL
);
CREATE INDEX event_dedup_by_expiry ON event_dedup (expires_at);
