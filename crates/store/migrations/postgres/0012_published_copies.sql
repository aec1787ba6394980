-- While a published project is revised (draft, submitted or returned again), the public keeps
-- seeing the version that was approved: it is kept here until a revision is approved.
CREATE TABLE published_copies (
    doc_key TEXT NOT NULL,
    project_name TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (doc_key, project_name)
);
