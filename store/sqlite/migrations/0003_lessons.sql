-- Questions knowledge owners taught the bot (bot kb teach, the admin pages): each belongs to
-- an entry, or with slug '' is one the bot refuses. One lesson per question: qkey is the
-- question as the query report normalises it, and teaching it again replaces the lesson.
CREATE TABLE lessons (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    qkey      TEXT    NOT NULL UNIQUE,
    question  TEXT    NOT NULL, -- as taught
    slug      TEXT    NOT NULL, -- '' = off-topic
    taught_by TEXT    NOT NULL,
    taught_at INTEGER NOT NULL  -- Unix nanoseconds
);
