-- One row per check: when, the verdict, and which kinds of indicators it had. Never the
-- text, never the indicators themselves; the person only as a keyed hash (emptied by /forget).
CREATE TABLE checks_log (
    at      INTEGER NOT NULL,   -- Unix seconds
    level   TEXT    NOT NULL,   -- safe | unsure | suspicious | dangerous
    scheme  TEXT,               -- null when none was named
    kinds   TEXT    NOT NULL,   -- e.g. "card,url"
    person  TEXT                -- keyed hash of the Telegram id; null after /forget
);
CREATE INDEX checks_log_at ON checks_log (at);
CREATE INDEX checks_log_person ON checks_log (person);
