-- Tasks the finance bureau issues for the year (目标申报, 运行监控, 绩效自评), to all units or to
-- the units named (one per line), with a deadline; and the review of each monitoring round and
-- self-evaluation a unit submits (submitted → confirmed or returned, with the reviewer's note).
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    fiscal_year INTEGER NOT NULL,
    cutoff TEXT,
    deadline TEXT NOT NULL,
    units TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
CREATE INDEX tasks_year ON tasks(fiscal_year);

ALTER TABLE monitor_rounds ADD COLUMN state TEXT NOT NULL DEFAULT 'confirmed';
ALTER TABLE monitor_rounds ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE monitor_rounds ADD COLUMN decided_by TEXT;
ALTER TABLE monitor_rounds ADD COLUMN decision_note TEXT;
ALTER TABLE self_evaluations ADD COLUMN state TEXT NOT NULL DEFAULT 'confirmed';
ALTER TABLE self_evaluations ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
ALTER TABLE self_evaluations ADD COLUMN decided_by TEXT;
ALTER TABLE self_evaluations ADD COLUMN decision_note TEXT;
