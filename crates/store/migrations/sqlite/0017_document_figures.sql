-- Every write of a document counts up its `changes` (in the writing transaction), so figures kept
-- for a document are known to be current while the count they were made at is its count.
ALTER TABLE documents ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
CREATE TABLE document_figures (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    changes INTEGER NOT NULL,
    version TEXT NOT NULL,
    figures TEXT NOT NULL
);
