//! One patient's timeline (issue 15): which earlier episode a new fracture is offered to as
//! its refracture.

use time::Date;

/// The index in `timeline` (fracture date and refracture date of each of the patient's
/// episodes, in any order) of the episode offered a fracture of `new_fracture` as its
/// refracture: the latest one fractured before it, and only if it has no refracture yet.
/// An earlier episode that already has one is never overwritten, so no offer then.
pub fn refracture_offer(timeline: &[(Date, Option<Date>)], new_fracture: Date) -> Option<usize> {
    let (i, (_, refracture)) = timeline
        .iter()
        .enumerate()
        .filter(|(_, (d, _))| *d < new_fracture)
        .max_by_key(|(_, (d, _))| *d)?;
    refracture.is_none().then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn offers_the_latest_earlier_episode_without_a_refracture() {
        let t = [
            (date!(2024 - 01 - 10), None),
            (date!(2025 - 03 - 01), None),
            (date!(2026 - 05 - 01), None),
        ];
        assert_eq!(refracture_offer(&t, date!(2026 - 05 - 01)), Some(1));
    }

    #[test]
    fn no_offer_when_it_has_one_or_there_is_no_earlier_episode() {
        let t = [(date!(2025 - 03 - 01), Some(date!(2025 - 09 - 01)))];
        assert_eq!(refracture_offer(&t, date!(2026 - 05 - 01)), None);
        assert_eq!(refracture_offer(&t, date!(2025 - 03 - 01)), None);
        assert_eq!(refracture_offer(&[], date!(2025 - 03 - 01)), None);
    }
}
