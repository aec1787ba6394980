-- The audit log is append-only: the database itself refuses to change or remove an entry,
-- and so are the kept versions of projects.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能修改');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能删除');
END;
CREATE TRIGGER project_versions_no_update BEFORE UPDATE ON project_versions
BEGIN
    SELECT RAISE(ABORT, '项目版本只能追加，不能修改');
END;
CREATE TRIGGER project_versions_no_delete BEFORE DELETE ON project_versions
BEGIN
    SELECT RAISE(ABORT, '项目版本只能追加，不能删除');
END;
