-- Running totals of query_stats, kept in step with it by AddQueryCounts, so the admin pages
-- read a few hundred rows instead of grouping a million: questions per day and platform by
-- kind, and each question's count over every kept day.
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
    asked BIGINT NOT NULL CHECK (asked >= 0), -- 0 only inside the transaction that drops old days
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
