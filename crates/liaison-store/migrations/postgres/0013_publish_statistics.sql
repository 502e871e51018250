-- Public statistics (issue 19): an FLS's lead may publish the FLS's own figures, named, on the
-- public statistics page. Off until someone with the right ticks it on the FLS's profile.
-- Numbered 0013, not 0012, so it never collides with another change made at the same time.
-- Keep in step with ../sqlite/0013_publish_statistics.sql.

ALTER TABLE fls ADD COLUMN publish_statistics BOOLEAN NOT NULL DEFAULT FALSE;
