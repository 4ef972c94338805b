-- Users: one row per person who talked to the bot. No message texts anywhere.
CREATE TABLE users (
    id           INTEGER PRIMARY KEY,          -- Telegram user id
    language     TEXT    NOT NULL,             -- ru | kk | en
    created_at   TEXT    NOT NULL,             -- ISO 8601 UTC
    last_seen_at TEXT    NOT NULL
);
