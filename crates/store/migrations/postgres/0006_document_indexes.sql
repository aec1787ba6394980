-- Reading a document back looks these up by document.
CREATE INDEX raw_sections_document ON raw_sections(document_id);
CREATE INDEX diagnostics_document ON diagnostics(document_id);
CREATE INDEX goal_items_project ON goal_items(project_id);
