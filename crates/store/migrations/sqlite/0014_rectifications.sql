-- 整改: what a confirmed monitoring round's red lights and a self-evaluation's low scores raise.
-- The unit answers (with evidence files, kept with their hash), the reviewer closes the item or
-- reopens it with a note.
CREATE TABLE rectifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_key TEXT NOT NULL,
    project_name TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    source TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    indicator TEXT,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    closed_by TEXT,
    close_note TEXT,
    raised_at TEXT NOT NULL
);
CREATE INDEX rectifications_unit ON rectifications(unit_name, state);
CREATE INDEX rectifications_project ON rectifications(doc_key, project_name);

CREATE TABLE rectification_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rectification_id INTEGER NOT NULL REFERENCES rectifications(id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX rectification_files_item ON rectification_files(rectification_id);
