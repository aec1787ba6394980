-- Documents and everything parsed from them. Decimals are exact TEXT, booleans INTEGER 0/1.
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_key TEXT NOT NULL UNIQUE,
    content_sha256 TEXT NOT NULL,
    source_name TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    unit_code TEXT,
    unit_name TEXT,
    unit_basis TEXT NOT NULL,
    fiscal_year INTEGER,
    year_basis TEXT NOT NULL,
    year_evidence TEXT NOT NULL,
    amount_unit TEXT,
    department_budget_yuan TEXT,
    department_budget_raw TEXT
);

CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT,
    name TEXT NOT NULL,
    title TEXT,
    budget_unit TEXT,
    total_yuan TEXT,
    fiscal_yuan TEXT,
    other_yuan TEXT,
    total_raw TEXT,
    fiscal_raw TEXT,
    other_raw TEXT,
    purpose TEXT,
    plan_label TEXT,
    plan_mode TEXT,
    plan_mode_basis TEXT,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL
);
CREATE INDEX projects_document ON projects(document_id);
CREATE INDEX projects_code ON projects(code);

CREATE TABLE spending_checkpoints (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    raw TEXT NOT NULL,
    percent TEXT,
    PRIMARY KEY (project_id, position)
);

CREATE TABLE goal_items (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    position INTEGER NOT NULL,
    label TEXT,
    text TEXT NOT NULL,
    target TEXT,
    indicators TEXT,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL
);
CREATE INDEX goal_items_document ON goal_items(document_id);

-- Indicator rows of project tables (project_id set) and of the department table (project_id NULL).
-- Blank rows (empty or placeholder only) are kept with blank = 1.
CREATE TABLE indicator_rows (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    project_id INTEGER REFERENCES projects(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    blank INTEGER NOT NULL,
    level1_kind TEXT,
    level1_raw TEXT NOT NULL,
    level1_canonical INTEGER NOT NULL,
    level1_merged INTEGER NOT NULL,
    level2_kind TEXT,
    level2_raw TEXT NOT NULL,
    level2_canonical INTEGER NOT NULL,
    level2_merged INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    target_raw TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    comparator TEXT,
    target_number TEXT,
    target_unit TEXT,
    target_text TEXT,
    value_symbol TEXT,
    value_value TEXT,
    value_unit TEXT,
    basis_text TEXT,
    basis_kind TEXT,
    scoring_rule TEXT,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL
);
CREATE INDEX indicator_rows_document ON indicator_rows(document_id);
CREATE INDEX indicator_rows_project ON indicator_rows(project_id);

CREATE TABLE raw_sections (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    heading TEXT,
    text TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL
);

CREATE TABLE diagnostics (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    line INTEGER NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL
);
