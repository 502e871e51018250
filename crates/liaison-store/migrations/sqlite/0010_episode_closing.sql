-- Dataset version 2: the FLS stops following an episode (`closed_date`, `closed_reason`). A
-- closed episode leaves every worklist and stays in the KPIs exactly as before.
-- Numbered after 0009 on purpose: 0009 rebuilds the episodes table on SQLite.
-- Keep in step with ../postgres/0010_episode_closing.sql.

ALTER TABLE episodes ADD COLUMN closed_date TEXT;
ALTER TABLE episodes ADD COLUMN closed_reason TEXT;
