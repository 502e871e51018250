# Closing an episode (dataset version 2): the FLS stops following it.
group-episode-closing = Closing
field-closed_date = Closed on
field-closed_reason = Reason for closing
hint-closed_date = The FLS stopped following this patient: the episode leaves every worklist. KPIs do not change. Clear both fields to reopen it.
opt-closed_reason-completed = Pathway completed
opt-closed_reason-declined_fls = Declined FLS care
opt-closed_reason-moved_away = Moved away
opt-closed_reason-transferred = Transferred to another service
opt-closed_reason-not_eligible = Not eligible
opt-closed_reason-lost_to_follow_up = Lost to follow-up
rule-required_with_closed = is required with a closing date.
rule-required_with_reason = is required with a reason for closing.
step-why-closed = the FLS closed the episode
