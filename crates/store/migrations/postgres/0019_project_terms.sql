-- The word index of project searches (see search.rs): a project's Chinese bigrams under its id.
-- Projects stored before it are indexed when the store opens.
CREATE TABLE project_terms (
    project_id BIGINT PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    terms TEXT[] NOT NULL
);
CREATE INDEX project_terms_terms ON project_terms USING GIN (terms);
CREATE TABLE project_terms_pending (document_id BIGINT PRIMARY KEY);
INSERT INTO project_terms_pending (document_id) SELECT id FROM documents;
