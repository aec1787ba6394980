-- Review runs and their findings, kept per run.
CREATE TABLE review_runs (
    id BIGSERIAL PRIMARY KEY,
    started_at TEXT NOT NULL,
    documents BIGINT NOT NULL,
    findings BIGINT NOT NULL
);

CREATE TABLE findings (
    run_id BIGINT NOT NULL REFERENCES review_runs(id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    project_position BIGINT,
    indicator_position BIGINT,
    line BIGINT NOT NULL,
    suggestion TEXT
);
CREATE INDEX findings_run ON findings(run_id);
CREATE INDEX findings_document ON findings(document_id);
