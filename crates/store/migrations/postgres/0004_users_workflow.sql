-- Users, sessions, the review workflow of each project, and the audit log (append-only).
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- A project without a row here was imported from a published document: it counts as approved.
CREATE TABLE workflow (
    doc_key TEXT NOT NULL,
    project_name TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_key, project_name)
);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    user_name TEXT NOT NULL,
    action TEXT NOT NULL,
    doc_key TEXT NOT NULL,
    project_name TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_project ON audit_log(doc_key, project_name);
