-- Groups the bot was added to, and how their admins set it up.
CREATE TABLE groups (
    chat_id  INTEGER PRIMARY KEY,
    enabled  INTEGER NOT NULL DEFAULT 1,
    mode     TEXT    NOT NULL DEFAULT 'warn' CHECK (mode IN ('warn', 'delete')),
    language TEXT    NOT NULL,
    added_at INTEGER NOT NULL
);
