-- Every write of a project counts up its revision, so a form saved from an older one is refused.
ALTER TABLE projects ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
-- Sessions are kept by the SHA-256 of their token: the tokens stored in clear before are ended.
DELETE FROM sessions;
