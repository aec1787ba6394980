-- Editing in the web application: every saved version of a project, the reviewer's comments
-- per indicator row, and the units administrators manage.
CREATE TABLE project_versions (
    id BIGSERIAL PRIMARY KEY,
    doc_key TEXT NOT NULL,
    project_name TEXT NOT NULL,
    at TEXT NOT NULL,
    user_name TEXT NOT NULL,
    content TEXT NOT NULL
);
CREATE INDEX project_versions_project ON project_versions(doc_key, project_name);

CREATE TABLE row_comments (
    id BIGSERIAL PRIMARY KEY,
    doc_key TEXT NOT NULL,
    project_name TEXT NOT NULL,
    at TEXT NOT NULL,
    user_name TEXT NOT NULL,
    row_position BIGINT,
    row_label TEXT NOT NULL,
    comment TEXT NOT NULL
);
CREATE INDEX row_comments_project ON row_comments(doc_key, project_name);

CREATE TABLE units (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    code TEXT,
    created_at TEXT NOT NULL
);
