-- Questions knowledge owners taught the bot (bot kb teach, the admin pages): each belongs to
-- an entry, or with slug '' is one the bot refuses. One lesson per question: qkey is the
-- question as the query report normalises it, and teaching it again replaces the lesson.
CREATE TABLE lessons (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    qkey      text COLLATE "C" NOT NULL UNIQUE,
    question  text NOT NULL, -- as taught
    slug      text COLLATE "C" NOT NULL, -- '' = off-topic
    taught_by text NOT NULL,
    taught_at timestamptz NOT NULL
);
