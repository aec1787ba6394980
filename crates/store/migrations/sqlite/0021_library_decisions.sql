-- The bureau's decisions about the indicator library (推荐/不推荐, explanations, formulas, written
-- names joined or kept apart), append-only: the library's curation is this list folded in order,
-- and it is the audit of who decided what.
CREATE TABLE library_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_name TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE TRIGGER library_decisions_no_update BEFORE UPDATE ON library_decisions
BEGIN
    SELECT RAISE(ABORT, '指标库的审定记录只能追加，不能修改');
END;
CREATE TRIGGER library_decisions_no_delete BEFORE DELETE ON library_decisions
BEGIN
    SELECT RAISE(ABORT, '指标库的审定记录只能追加，不能删除');
END;
