-- The word index of project searches (see search.rs): a project's Chinese bigrams under its id.
-- Projects stored before it are indexed when the store opens.
CREATE VIRTUAL TABLE project_terms USING fts5(terms, content='', contentless_delete=1);
CREATE TABLE project_terms_pending (document_id BIGINT PRIMARY KEY);
INSERT INTO project_terms_pending (document_id) SELECT id FROM documents;
