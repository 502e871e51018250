-- Dataset version 2: the FLS stops following an episode (`closed_date`, `closed_reason`). A
-- closed episode leaves every worklist and stays in the KPIs exactly as before.
-- Keep in step with ../sqlite/0010_episode_closing.sql.

ALTER TABLE episodes ADD COLUMN closed_date DATE, ADD COLUMN closed_reason TEXT;
