-- The quiz of the day. Times are bigint Unix nanoseconds (UTC), as on SQLite, so both stores
-- compare the same instants exactly. Identifiers compare byte for byte (COLLATE "C").

-- One schedule per channel; the scheduler finds due ones through next_due's index, in batches.
CREATE TABLE quiz_subscriptions (
    id         bigserial PRIMARY KEY,
    platform   text COLLATE "C" NOT NULL,
    workspace  text COLLATE "C" NOT NULL,
    channel    text COLLATE "C" NOT NULL,
    spec       text NOT NULL,
    lang       text NOT NULL,
    next_due   bigint NOT NULL,
    created_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (platform, workspace, channel)
);
CREATE INDEX quiz_subscriptions_by_due ON quiz_subscriptions (next_due);

-- A post is claimed (inserted) before it is sent; UNIQUE (subscription_id, slot) makes a slot
-- postable once across replicas. On-demand posts have NULL subscription_id and slot.
CREATE TABLE quiz_posts (
    id              bigserial PRIMARY KEY,
    platform        text COLLATE "C" NOT NULL,
    workspace       text COLLATE "C" NOT NULL,
    channel         text COLLATE "C" NOT NULL,
    subscription_id bigint,
    slot            bigint,
    question        text NOT NULL,
    lang            text NOT NULL,
    created_at      bigint NOT NULL,
    reveal_at       bigint NOT NULL,
    message_id      text NOT NULL DEFAULT '',
    revealed        boolean NOT NULL DEFAULT false,
    UNIQUE (subscription_id, slot)
);
CREATE INDEX quiz_posts_by_channel ON quiz_posts (platform, workspace, channel, id);
CREATE INDEX quiz_posts_to_reveal ON quiz_posts (reveal_at) WHERE NOT revealed;

-- Each channel's shuffled run through the questions: ord holds the question ids, one a line.
CREATE TABLE quiz_decks (
    platform  text COLLATE "C" NOT NULL,
    workspace text COLLATE "C" NOT NULL,
    channel   text COLLATE "C" NOT NULL,
    round     integer NOT NULL,
    pos       integer NOT NULL,
    ord       text NOT NULL,
    PRIMARY KEY (platform, workspace, channel)
);

-- A user's first answer to a post is the one that counts.
CREATE TABLE quiz_answers (
    post_id        bigint NOT NULL REFERENCES quiz_posts (id),
    platform       text COLLATE "C" NOT NULL,
    workspace      text COLLATE "C" NOT NULL,
    channel        text COLLATE "C" NOT NULL,
    user_workspace text COLLATE "C" NOT NULL,
    user_id        text COLLATE "C" NOT NULL,
    user_name      text NOT NULL,
    choice         text NOT NULL,
    correct        boolean NOT NULL,
    at             bigint NOT NULL,
    PRIMARY KEY (post_id, user_workspace, user_id)
);
CREATE INDEX quiz_answers_by_channel ON quiz_answers (platform, workspace, channel, at);

CREATE TABLE quiz_streaks (
    platform       text COLLATE "C" NOT NULL,
    workspace      text COLLATE "C" NOT NULL,
    channel        text COLLATE "C" NOT NULL,
    user_workspace text COLLATE "C" NOT NULL,
    user_id        text COLLATE "C" NOT NULL,
    current        integer NOT NULL,
    best           integer NOT NULL,
    PRIMARY KEY (platform, workspace, channel, user_workspace, user_id)
);
