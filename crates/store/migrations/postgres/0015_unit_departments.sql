-- 两级审核: a unit's 主管部门 (by the name it is registered under), whose reviewers give the first
-- review (初审) before the finance bureau's final one (终审) where a deployment has two levels.
ALTER TABLE units ADD COLUMN department TEXT;
