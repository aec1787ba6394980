-- Monitoring rounds and self-evaluations, kept per project and year. Keyed by the document's
-- identity and the project's code and name (not by row ids), so re-importing a new version of the
-- document keeps the history.
CREATE TABLE monitor_rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_key TEXT NOT NULL,
    project_code TEXT,
    project_name TEXT NOT NULL,
    fiscal_year INTEGER,
    cutoff TEXT NOT NULL,
    light TEXT NOT NULL,
    spending_light TEXT NOT NULL,
    planned_percent TEXT,
    executed_percent TEXT,
    report TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX monitor_rounds_project ON monitor_rounds(doc_key, project_name);

CREATE TABLE self_evaluations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_key TEXT NOT NULL,
    project_code TEXT,
    project_name TEXT NOT NULL,
    fiscal_year INTEGER,
    total TEXT NOT NULL,
    grade TEXT NOT NULL,
    report TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX self_evaluations_project ON self_evaluations(doc_key, project_name);
