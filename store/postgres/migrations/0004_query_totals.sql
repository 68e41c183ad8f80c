-- Running totals of query_stats, kept in step with it by the trigger below (every insert,
-- added count and dropped old day moves them), so the admin pages read a few hundred rows
-- instead of grouping a million: questions per day and platform by kind, and each question's
-- count over every kept day. Kinds: slug '' is unanswered, '~small-talk' small talk
-- (core.SmallTalkSlug), any other an answer.
CREATE TABLE query_days (
    day        BIGINT NOT NULL,
    platform   TEXT   NOT NULL,
    answered   BIGINT NOT NULL,
    unanswered BIGINT NOT NULL,
    small_talk BIGINT NOT NULL,
    PRIMARY KEY (day, platform)
);

CREATE TABLE query_totals (
    query TEXT   NOT NULL,
    slug  TEXT   NOT NULL,
    asked BIGINT NOT NULL CHECK (asked >= 0), -- a row that reaches 0 is deleted
    PRIMARY KEY (query, slug)
);
-- Most asked first, as the reports sort; the unanswered ones (slug '') on their own.
CREATE INDEX query_totals_by_asked ON query_totals (asked DESC, query COLLATE "C", slug COLLATE "C");
CREATE INDEX query_totals_by_slug ON query_totals (slug, asked DESC, query COLLATE "C");

INSERT INTO query_days (day, platform, answered, unanswered, small_talk)
SELECT day, platform,
       sum(CASE WHEN slug = '' OR slug = '~small-talk' THEN 0 ELSE asked END),
       sum(CASE WHEN slug = '' THEN asked ELSE 0 END),
       sum(CASE WHEN slug = '~small-talk' THEN asked ELSE 0 END)
FROM query_stats GROUP BY day, platform;

INSERT INTO query_totals (query, slug, asked)
SELECT query, slug, sum(asked) FROM query_stats GROUP BY query, slug;

CREATE FUNCTION query_stats_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r query_stats;
    n bigint; -- what the row adds: its count, the count added, or minus a dropped row's count
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := OLD;
        n := -OLD.asked;
        UPDATE query_totals SET asked = asked + n WHERE query = r.query AND slug = r.slug;
        DELETE FROM query_totals WHERE query = r.query AND slug = r.slug AND asked <= 0;
    ELSE
        r := NEW;
        n := NEW.asked - CASE WHEN TG_OP = 'UPDATE' THEN OLD.asked ELSE 0 END;
        INSERT INTO query_totals (query, slug, asked) VALUES (r.query, r.slug, n)
        ON CONFLICT (query, slug) DO UPDATE SET asked = query_totals.asked + EXCLUDED.asked;
    END IF;
    INSERT INTO query_days (day, platform, answered, unanswered, small_talk) VALUES (r.day, r.platform,
        CASE WHEN r.slug IN ('', '~small-talk') THEN 0 ELSE n END,
        CASE WHEN r.slug = '' THEN n ELSE 0 END,
        CASE WHEN r.slug = '~small-talk' THEN n ELSE 0 END)
    ON CONFLICT (day, platform) DO UPDATE SET answered = query_days.answered + EXCLUDED.answered,
        unanswered = query_days.unanswered + EXCLUDED.unanswered, small_talk = query_days.small_talk + EXCLUDED.small_talk;
    IF TG_OP = 'DELETE' THEN
        DELETE FROM query_days WHERE day = r.day AND platform = r.platform AND answered + unanswered + small_talk <= 0;
    END IF;
    RETURN NULL;
END
$$;

-- AddQueryCounts's upsert only ever adds to asked; the key does not change.
CREATE TRIGGER query_stats_follow AFTER INSERT OR UPDATE OF asked OR DELETE ON query_stats
    FOR EACH ROW EXECUTE FUNCTION query_stats_follow();

-- Feedback per entry, each user's latest press once, kept by a trigger so that every write to
-- feedback (a press, a changed mind, a deletion) moves it, whoever writes.
CREATE TABLE feedback_totals (
    slug        TEXT   NOT NULL PRIMARY KEY,
    helpful     BIGINT NOT NULL,
    not_helpful BIGINT NOT NULL
);

INSERT INTO feedback_totals (slug, helpful, not_helpful)
SELECT slug, count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful) FROM feedback GROUP BY slug;

CREATE FUNCTION feedback_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE feedback_totals SET helpful = helpful - OLD.helpful::int, not_helpful = not_helpful - (NOT OLD.helpful)::int
        WHERE slug = OLD.slug;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO feedback_totals (slug, helpful, not_helpful) VALUES (NEW.slug, NEW.helpful::int, (NOT NEW.helpful)::int)
        ON CONFLICT (slug) DO UPDATE SET helpful = feedback_totals.helpful + EXCLUDED.helpful,
            not_helpful = feedback_totals.not_helpful + EXCLUDED.not_helpful;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER feedback_totals_follow AFTER INSERT OR UPDATE OR DELETE ON feedback
    FOR EACH ROW EXECUTE FUNCTION feedback_totals_follow();
