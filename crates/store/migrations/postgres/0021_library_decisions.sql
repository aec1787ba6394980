-- The bureau's decisions about the indicator library (推荐/不推荐, explanations, formulas, written
-- names joined or kept apart), append-only: the library's curation is this list folded in order,
-- and it is the audit of who decided what.
CREATE TABLE library_decisions (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    user_name TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE TRIGGER library_decisions_append_only BEFORE UPDATE OR DELETE ON library_decisions
    FOR EACH ROW EXECUTE FUNCTION jixiao_append_only();
