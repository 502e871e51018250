# Deleted episodes and their restore (issue 12).
deleted-title = Deleted episodes
deleted-link = Deleted episodes
deleted-explain = Episodes of this service deleted in the last { $days } days. Restoring one puts it back in the lists and the KPIs. After { $days } days a deleted episode is removed for good.
deleted-back = Back to the patients
deleted-none = No episode of this service was deleted in this period.
deleted-caption = Deleted episodes, most recent first
deleted-when = Deleted on
deleted-who = Deleted by
deleted-who-unknown = the operator (command line)
deleted-action = Action
deleted-restore = Restore
deleted-restore-key-taken = Not restored: another episode of this service now has the same hospital number and fracture date. If the deleted one is the right record, delete or correct the other first.
notice-episode-deleted = The episode was deleted. A lead of this service can restore it from Deleted episodes within { $days } days.
notice-episode-restored = The episode was restored.
episode-delete-restorable = A lead of this service can restore it within { $days } days; after that it is removed for good.
rule-episode_deleted = an episode with this hospital number and fracture date was deleted; a lead of the service can restore it from Deleted episodes, or it can be registered again through the form.
history-episode-restore = Restored
