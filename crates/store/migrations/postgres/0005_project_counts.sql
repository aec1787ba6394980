-- Lists show each project's indicator count: keep it on the project instead of counting per row shown,
-- and index the list order.
ALTER TABLE projects ADD COLUMN indicator_count BIGINT NOT NULL DEFAULT 0;
UPDATE projects SET indicator_count = (SELECT COUNT(*) FROM indicator_rows r WHERE r.project_id = projects.id AND r.blank = 0);
CREATE INDEX projects_order ON projects(document_id, position);
