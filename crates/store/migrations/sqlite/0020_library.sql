-- The indicator library (指标库) mined from the published tables: one row per entry, replaced as a
-- whole by each build; `summary` is what lists and suggestions read, `body` the whole entry.
CREATE TABLE library_entries (
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL
);
-- The last build: when, over which state of the store (`stamp`), and what it read.
CREATE TABLE library_builds (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    built_at TEXT NOT NULL,
    stamp TEXT NOT NULL,
    documents INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    nameless INTEGER NOT NULL,
    entries INTEGER NOT NULL
);
