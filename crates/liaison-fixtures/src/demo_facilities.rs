//! The demo's facilities audit: last year's round (closing tomorrow) and this year's (open for
//! two months), with returns submitted through the same use cases as the form, so the FLS
//! page, the institutional KPIs and the BPF suggestions have something to show.

use liaison_app::facilities::{self, RoundInput, Step};
use liaison_app::{Actor, Result};
use liaison_domain::access::FlsSet;
use liaison_domain::facilities::Answers;
use time::Duration;

/// This year: every demo FLS but these has submitted (one has a draft, one has not started).
const DRAFT: &str = "NG-LAG";
const NOT_STARTED: &str = "MX-MTY";

/// A plausible return that varies by FLS (`i`), so the comparisons have a spread.
fn answers(i: usize, year_offset: usize) -> Answers {
    let pick = |options: &[&str], salt: usize| options[(i + salt) % options.len()].to_string();
    let staff = |base: f64, step: f64| format!("{}", base + step * ((i + year_offset) % 4) as f64);
    let mut a = Answers::new();
    let mut put = |k: &str, v: String| {
        a.insert(k.to_string(), v);
    };
    put(
        "setting",
        pick(
            &["teaching_hospital", "general_hospital", "several_sites"],
            0,
        ),
    );
    put("staff_nurse", staff(1.0, 0.5));
    put("staff_doctor", staff(0.2, 0.1));
    put("staff_allied", staff(0.0, 0.2));
    put("staff_admin", staff(0.5, 0.25));
    put("consultant_sessions", format!("{}", 1 + i % 4));
    put("group_hip", pick(&["ward_lists", "coding"], 0));
    put(
        "group_other_inpatient",
        pick(&["ward_lists", "not_covered"], 1),
    );
    put(
        "group_outpatient",
        pick(&["clinic_lists", "radiology", "not_covered"], 0),
    );
    put(
        "group_vertebral",
        pick(&["radiology", "not_covered", "referral"], 2),
    );
    let dxa = pick(&["on_site", "on_site", "off_site", "none"], 0);
    if dxa != "none" {
        put(
            "dxa_wait_weeks",
            format!("{}", 2 + (i * 3 + year_offset) % 12),
        );
    }
    put("dxa_access", dxa);
    put("secondary_tests", "bone_profile,vitamin_d,thyroid".into());
    put(
        "guidelines",
        pick(&["national", "national", "regional", "local"], 1),
    );
    put(
        "treatment_start",
        pick(&["fls", "primary_care", "specialist"], 0),
    );
    put("falls_referral", pick(&["all_at_risk", "some"], 0));
    put("exercise_referral", pick(&["yes", "no"], 1));
    put("monitoring_who", pick(&["fls", "primary_care"], 0));
    put(
        "monitoring_how",
        pick(&["telephone", "clinic", "records"], 0),
    );
    let survey = pick(&["yes", "no"], 0);
    if survey == "yes" {
        put("experience_responses", format!("{}", 20 + 7 * i));
    }
    put("experience_survey", survey);
    put(
        "governance_meetings",
        format!("{}", 2 + (i + year_offset) % 5 * 2),
    );
    let funding = pick(
        &["recurrent", "recurrent", "fixed_term", "none"],
        year_offset,
    );
    if funding == "fixed_term" {
        put("funding_renewal", "2027-03-31".into());
    }
    put("funding", funding);
    a
}

pub async fn seed(app: &liaison_app::App, op: &Actor) -> Result<()> {
    let today = app.now().date();
    let this_year = i64::from(today.year());
    let fls = liaison_store::orgs::list_fls(&app.db, &FlsSet::All).await?;
    for (year, deadline, offset) in [
        // A day of slack: FLSs east of UTC are already a day ahead.
        (this_year - 1, today + Duration::days(1), 1),
        (this_year, today + Duration::days(60), 0),
    ] {
        let input = RoundInput {
            year: year.to_string(),
            deadline: deadline.to_string(),
            questionnaire: String::new(),
        };
        facilities::open_round(app, op, &input).await?;
        for (i, f) in fls.iter().enumerate() {
            let last_year = offset == 1;
            if !last_year && f.code == NOT_STARTED {
                continue;
            }
            let Some(row) =
                liaison_store::orgs::fls_by_code(&app.db, &FlsSet::All, &f.code).await?
            else {
                continue;
            };
            let step = if !last_year && f.code == DRAFT {
                Step::Save
            } else {
                Step::Submit
            };
            let y = year.to_string();
            facilities::write(app, op, &row, &y, &answers(i, offset), step).await?;
        }
    }
    Ok(())
}
