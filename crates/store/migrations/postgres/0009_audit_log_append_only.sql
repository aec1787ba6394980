-- The audit log is append-only: the database itself refuses to change or remove an entry,
-- and so are the kept versions of projects.
CREATE FUNCTION jixiao_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% 只能追加，不能修改或删除', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION jixiao_append_only();
CREATE TRIGGER project_versions_append_only BEFORE UPDATE OR DELETE ON project_versions
    FOR EACH ROW EXECUTE FUNCTION jixiao_append_only();
