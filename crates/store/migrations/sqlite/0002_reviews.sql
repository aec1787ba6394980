-- Review runs and their findings, kept per run.
CREATE TABLE review_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    documents INTEGER NOT NULL,
    findings INTEGER NOT NULL
);

CREATE TABLE findings (
    run_id INTEGER NOT NULL REFERENCES review_runs(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    project_position INTEGER,
    indicator_position INTEGER,
    line INTEGER NOT NULL,
    suggestion TEXT
);
CREATE INDEX findings_run ON findings(run_id);
CREATE INDEX findings_document ON findings(document_id);
