-- Education: lessons seen, quiz answers, subscriptions, alerts and the broadcast outbox.

CREATE TABLE lesson_views (
    user_id   INTEGER NOT NULL,
    lesson_id TEXT    NOT NULL,
    at        INTEGER NOT NULL,           -- Unix seconds, first time seen
    PRIMARY KEY (user_id, lesson_id)
) WITHOUT ROWID;

-- The first answer to each lesson's quiz counts for the score.
CREATE TABLE quiz_answers (
    user_id   INTEGER NOT NULL,
    lesson_id TEXT    NOT NULL,
    choice    INTEGER NOT NULL,
    correct   INTEGER NOT NULL,           -- 0 | 1
    at        INTEGER NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
) WITHOUT ROWID;

CREATE TABLE subscriptions (
    user_id    INTEGER PRIMARY KEY,
    frequency  TEXT    NOT NULL CHECK (frequency IN ('daily', 'weekly')),
    hour       INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    weekday    INTEGER CHECK (weekday BETWEEN 0 AND 6),  -- Monday = 0; weekly only
    next_at    INTEGER NOT NULL,          -- Unix seconds of the next delivery
    created_at INTEGER NOT NULL
);
CREATE INDEX subscriptions_due ON subscriptions (next_at);

CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY,
    admin_id   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    texts      TEXT    NOT NULL           -- JSON {"ru": ..., "kk": ..., "en": ...}
);

-- One row per delivery. `dedup` makes enqueueing idempotent (a lesson per slot, an alert
-- once per person); the worker claims a row (sending) before the request and marks it
-- sent after, so a restart resumes where it stopped.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('lesson', 'alert')),
    ref        TEXT    NOT NULL,          -- lesson id or alert id
    dedup      TEXT    NOT NULL UNIQUE,
    status     TEXT    NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'blocked', 'in_doubt')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER,
    error      TEXT
);
CREATE INDEX outbox_due ON outbox (status, not_before);
