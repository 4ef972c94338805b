-- Which bot message answered which person's message, so an edit updates that verdict.
-- Only ids: no texts. Rows older than two days are pruned.
CREATE TABLE replies (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,  -- the person's message
    reply_id   INTEGER NOT NULL,  -- the bot's verdict
    at         INTEGER NOT NULL,  -- Unix seconds
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
