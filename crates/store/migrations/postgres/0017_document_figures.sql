-- Every write of a document counts up its `changes` (in the writing transaction), so figures kept
-- for a document are known to be current while the count they were made at is its count.
ALTER TABLE documents ADD COLUMN changes BIGINT NOT NULL DEFAULT 0;
CREATE TABLE document_figures (
    document_id BIGINT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    changes BIGINT NOT NULL,
    version TEXT NOT NULL,
    figures TEXT NOT NULL
);
