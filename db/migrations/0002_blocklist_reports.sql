-- Blocklist, allowlist, community reports and the admin audit log.
-- Times are Unix seconds (UTC). Phone and card values are keyed hashes, never clear.

CREATE TABLE blocklist (
    kind       TEXT    NOT NULL,  -- url | domain | phone | card | iban | username | wallet
    value      TEXT    NOT NULL,  -- normalised (checks/lookup.py); keyed hash for phone, card
    source     TEXT    NOT NULL,  -- feed name, 'manual' or 'community'
    display    TEXT,              -- masked phone/card for admins; NULL: the value itself
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    expires_at INTEGER,           -- NULL: never expires
    hits       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, value, source)
) WITHOUT ROWID;

-- Always wins over the blocklist (content's official addresses win in the engine itself).
CREATE TABLE allowlist (
    kind     TEXT    NOT NULL,
    value    TEXT    NOT NULL,
    display  TEXT    NOT NULL,
    added_by INTEGER NOT NULL,    -- admin's Telegram id; 0 for the command line
    added_at INTEGER NOT NULL,
    PRIMARY KEY (kind, value)
) WITHOUT ROWID;

-- One row per (type, indicator); people who report the same thing are votes on it.
CREATE TABLE reports (
    id         INTEGER PRIMARY KEY,
    type       TEXT    NOT NULL,  -- scam | false_alarm
    kind       TEXT    NOT NULL,  -- as in blocklist, or 'verdict' for an appeal without indicators
    value      TEXT    NOT NULL,
    display    TEXT    NOT NULL,
    detail     TEXT    NOT NULL DEFAULT '',  -- appeals: level and scheme of the verdict, no text
    status     TEXT    NOT NULL DEFAULT 'pending',  -- pending | approved | rejected | allowlisted
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (type, kind, value)
);
CREATE INDEX reports_by_status ON reports (status, id);
CREATE INDEX reports_by_value ON reports (kind, value);

CREATE TABLE report_votes (
    report_id  INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    reporter   TEXT    NOT NULL,  -- keyed hash of the reporter's Telegram id
    created_at INTEGER NOT NULL,
    PRIMARY KEY (report_id, reporter)
) WITHOUT ROWID;
CREATE INDEX report_votes_by_reporter ON report_votes (reporter, created_at);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    admin_id INTEGER NOT NULL,    -- 0 for the command line
    action   TEXT    NOT NULL,    -- approve | reject | allowlist | block | unblock | ...
    target   TEXT    NOT NULL,    -- kind and displayed value, never a clear card or phone
    detail   TEXT    NOT NULL DEFAULT ''
);

-- Conditional-request state per feed URL, so a refresh downloads only what changed.
CREATE TABLE feed_state (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    INTEGER NOT NULL
);
