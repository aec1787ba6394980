-- One round per project and cut-off (one self-evaluation per year) waits for the reviewer at a time:
-- a second submission, even at the same moment, is refused by the database itself.
CREATE UNIQUE INDEX monitor_rounds_one_waiting ON monitor_rounds(doc_key, project_name, cutoff) WHERE state = 'submitted';
CREATE UNIQUE INDEX self_evaluations_one_waiting ON self_evaluations(doc_key, project_name, fiscal_year) WHERE state = 'submitted';
