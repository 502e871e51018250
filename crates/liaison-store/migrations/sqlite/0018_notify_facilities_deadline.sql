-- Facilities-round deadline reminders (issue 20 follow-up). Keep in step with
-- ../postgres/0018_notify_facilities_deadline.sql. On by default: a lead who never opened
-- the settings page still hears of the deadline; turning it off keeps a row saying so.
ALTER TABLE notify_prefs ADD COLUMN facilities_deadline INTEGER NOT NULL DEFAULT 1;
