-- The quiz of the day. Times are INTEGER Unix nanoseconds (UTC).

-- One schedule per channel. next_due is the earliest slot not yet handled; the scheduler finds
-- due subscriptions through its index, in batches.
CREATE TABLE quiz_subscriptions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: it is half of a post's unique key
    platform   TEXT    NOT NULL,
    workspace  TEXT    NOT NULL,
    channel    TEXT    NOT NULL,
    spec       TEXT    NOT NULL,
    lang       TEXT    NOT NULL,
    next_due   INTEGER NOT NULL,
    created_by TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (platform, workspace, channel)
);
CREATE INDEX quiz_subscriptions_by_due ON quiz_subscriptions (next_due);

-- A post is claimed (inserted) before it is sent; UNIQUE (subscription_id, slot) makes a slot
-- postable once. On-demand posts have NULL subscription_id and slot, which never conflict.
CREATE TABLE quiz_posts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    platform        TEXT    NOT NULL,
    workspace       TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    subscription_id INTEGER,
    slot            INTEGER,
    question        TEXT    NOT NULL,
    lang            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    reveal_at       INTEGER NOT NULL,
    message_id      TEXT    NOT NULL DEFAULT '',
    revealed        INTEGER NOT NULL DEFAULT 0 CHECK (revealed IN (0, 1)),
    UNIQUE (subscription_id, slot)
);
CREATE INDEX quiz_posts_by_channel ON quiz_posts (platform, workspace, channel, id);
CREATE INDEX quiz_posts_to_reveal ON quiz_posts (reveal_at) WHERE revealed = 0;

-- Each channel's shuffled run through the questions: ord holds the question ids, one a line.
CREATE TABLE quiz_decks (
    platform  TEXT    NOT NULL,
    workspace TEXT    NOT NULL,
    channel   TEXT    NOT NULL,
    round     INTEGER NOT NULL,
    pos       INTEGER NOT NULL,
    ord       TEXT    NOT NULL,
    PRIMARY KEY (platform, workspace, channel)
);

-- A user's first answer to a post is the one that counts.
CREATE TABLE quiz_answers (
    post_id        INTEGER NOT NULL REFERENCES quiz_posts (id),
    platform       TEXT    NOT NULL,
    workspace      TEXT    NOT NULL,
    channel        TEXT    NOT NULL,
    user_workspace TEXT    NOT NULL,
    user_id        TEXT    NOT NULL,
    user_name      TEXT    NOT NULL,
    choice         TEXT    NOT NULL,
    correct        INTEGER NOT NULL CHECK (correct IN (0, 1)),
    at             INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_workspace, user_id)
);
CREATE INDEX quiz_answers_by_channel ON quiz_answers (platform, workspace, channel, at);

CREATE TABLE quiz_streaks (
    platform       TEXT    NOT NULL,
    workspace      TEXT    NOT NULL,
    channel        TEXT    NOT NULL,
    user_workspace TEXT    NOT NULL,
    user_id        TEXT    NOT NULL,
    current        INTEGER NOT NULL,
    best           INTEGER NOT NULL,
    PRIMARY KEY (platform, workspace, channel, user_workspace, user_id)
) WITHOUT ROWID;
