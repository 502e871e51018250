//! One episode.

use super::*;
use liaison_domain::dataset::{EpisodeInput, FractureSite};
use time::{Date, Duration};

// ---------------------------------------------------------------------------------------------
// One episode.

/// `YYYY-MM-DD` without the formatting machinery (years 1000–9999; the hot path).
pub(super) fn iso(d: Date) -> String {
    let (y, m, day) = (d.year(), d.month() as u8, d.day());
    if !(1000..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{day:02}");
    }
    let y = y as u32;
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let mut s = String::with_capacity(10);
    s.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
    s.extend(['-', digit(u32::from(m) / 10), digit(u32::from(m))]);
    s.extend(['-', digit(u32::from(day) / 10), digit(u32::from(day))]);
    s
}

fn days(d: Date, n: i64) -> Date {
    d + Duration::days(n)
}

/// One decimal, never "-0.0".
fn dec1(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

pub(super) fn episode(
    rng: &mut Rng,
    g: &GenFls,
    c: &FlsCtx,
    n: u64,
    end: Date,
    sites: &[f64],
) -> EpisodeInput {
    use FractureSite::*;
    let p = &c.perf;
    let mut e = EpisodeInput {
        fls_code: g.code.clone(),
        patient_ref: format!("P{n:06}"),
        ..Default::default()
    };
    let fd = days(c.start, rng.below(c.days as u64) as i64);
    e.fracture_date = iso(fd);
    let site = SITES[rng.weighted(sites)].0;
    e.fracture_site = site.code().into();
    if site == Spine {
        e.spine_detection = if rng.chance(0.6) {
            "clinical"
        } else {
            "radiological"
        }
        .into();
    }

    // Patient.
    let (mean_age, sd_age, p_female) = match site {
        Hip => (83.5, 7.5, 0.72),
        Spine => (77.5, 9.0, 0.78),
        Wrist => (70.0, 10.0, 0.85),
        Humerus => (76.5, 9.0, 0.80),
        Pelvis => (82.5, 8.0, 0.78),
        FemurOther => (80.5, 9.0, 0.75),
        Ankle => (68.0, 10.0, 0.70),
        TibiaFibula => (72.0, 11.0, 0.68),
        Rib => (74.0, 10.0, 0.60),
        Clavicle => (72.0, 11.0, 0.62),
        Other => (74.0, 11.0, 0.70),
    };
    let u = rng.f64();
    let female = u < p_female;
    e.sex = if female {
        "F"
    } else if u < 0.99 {
        "M"
    } else if u < 0.993 {
        "X"
    } else {
        "U"
    }
    .into();
    let age_years: i64 = if rng.chance(0.02) {
        (25.0 + 24.0 * rng.f64().sqrt()) as i64
    } else {
        let mut a = 0.0;
        for _ in 0..8 {
            a = mean_age + sd_age * rng.normal();
            if (50.0..104.0).contains(&a) {
                break;
            }
        }
        a.clamp(50.0, 103.0) as i64
    };
    let birth = days(fd, -(age_years * 36524 / 100 + rng.below(365) as i64));
    e.birth_date = iso(birth);

    // Death, censored at `end`; everything else happens by `limit`.
    let mut p_death = match site {
        Hip => 0.18,
        Pelvis | FemurOther => 0.10,
        Spine => 0.07,
        _ => 0.03,
    };
    if age_years >= 90 {
        p_death *= 1.8;
    } else if age_years >= 80 {
        p_death *= 1.2;
    } else if age_years < 65 {
        p_death *= 0.4;
    }
    if !female {
        p_death *= 1.4;
    }
    let death_after = if rng.chance(p_death) {
        (365.0 * rng.f64().powf(1.6)) as i64
    } else {
        365 + (-(1.0 - rng.f64()).ln() * 365.0 / 0.05) as i64
    };
    let death = Some(days(fd, death_after)).filter(|&d| d <= end);
    if let Some(d) = death {
        e.death_date = iso(d);
    }
    let limit = death.map_or(end, |d| d.min(end));
    let by = |d: Date| (d <= limit).then_some(d);

    // Contact.
    let pool = c.country.names;
    if rng.chance(p.contacts) {
        e.family_name = rng.pick(pool.family).to_string();
        let given = match (female, e.sex.as_str()) {
            (true, _) => pool.female,
            (false, "M") => pool.male,
            _ => {
                if rng.chance(0.5) {
                    pool.female
                } else {
                    pool.male
                }
            }
        };
        e.given_names = rng.pick(given).to_string();
        if rng.chance(0.7) {
            e.phone = format!(
                "{} {} {} {:04}",
                c.country.phone,
                rng.range(10, 999),
                rng.range(100, 999),
                rng.below(10_000)
            );
        }
        if rng.chance(0.5) {
            e.primary_care_contact =
                format!("Dr {}, {} Medical Practice", rng.pick(pool.family), g.city);
        }
    }
    if rng.chance(0.04) {
        e.notes = rng.pick(NOTES).to_string();
    }

    // Fracture and identification.
    let p_inpatient = match site {
        Hip => 0.97,
        FemurOther => 0.9,
        Pelvis => 0.75,
        TibiaFibula => 0.45,
        Spine => 0.35,
        Ankle => 0.3,
        Humerus => 0.25,
        Rib | Other => 0.2,
        Clavicle => 0.08,
        Wrist => 0.07,
    };
    let inpatient = rng.chance(p_inpatient);
    e.setting = if inpatient { "inpatient" } else { "outpatient" }.into();
    if rng.chance(p.icd) {
        e.fracture_icd10 = rng.pick(icd10_codes(site)).to_string();
    }
    let identified_delay = if rng.chance(0.015) {
        -rng.range(1, 7)
    } else if inpatient {
        rng.range(0, 2)
    } else {
        rng.log_normal(4.0, 1.0).min(120.0) as i64
    };
    let identified = by(days(fd, identified_delay));
    if let Some(d) = identified.filter(|_| rng.chance(0.92)) {
        e.identified_date = iso(d);
    }
    if rng.chance(0.85) {
        e.identification_route = if site == Spine {
            pick_weighted(
                rng,
                &[
                    ("radiology", 45.0),
                    ("primary_care", 25.0),
                    ("fracture_clinic", 15.0),
                    ("ed", 10.0),
                    ("self_referral", 5.0),
                ],
            )
        } else if inpatient {
            pick_weighted(rng, &[("ward", 70.0), ("ed", 25.0), ("other", 5.0)])
        } else {
            pick_weighted(
                rng,
                &[
                    ("fracture_clinic", 60.0),
                    ("ed", 25.0),
                    ("primary_care", 8.0),
                    ("radiology", 4.0),
                    ("self_referral", 3.0),
                ],
            )
        }
        .into();
    }

    // Assessment.
    let p_assess = p.assess
        * if site == Hip {
            1.0
        } else if site == Spine {
            0.9
        } else {
            0.95
        };
    let base = identified.map_or(fd, |d| d.max(fd));
    let median_delay = if inpatient { 4.0 } else { 17.0 } * p.delay;
    let assessed = if rng.chance(p_assess) {
        by(days(
            base,
            rng.log_normal(median_delay, 0.9).min(540.0) as i64,
        ))
    } else {
        None
    };
    let mut started = false;
    if let Some(a) = assessed {
        e.fls_assessment_date = iso(a);

        // Falls and exercise.
        let falls = if rng.chance(p.falls) {
            if rng.chance(0.15) { "referred" } else { "done" }
        } else {
            pick_weighted(
                rng,
                &[
                    ("not_required", 35.0),
                    ("declined", 15.0),
                    ("not_done", 50.0),
                ],
            )
        };
        e.falls_assessment = falls.into();
        if matches!(falls, "done" | "referred")
            && rng.chance(0.5 * p.falls)
            && let Some(d) = by(days(a, rng.log_normal(35.0, 0.7).min(400.0) as i64))
        {
            e.strength_balance_date = iso(d);
        }

        // DXA.
        let mut scanned = false;
        if site == Hip && age_years >= 85 && rng.chance(0.45) {
            e.dxa_status = "not_required".into();
        } else if rng.chance(0.06) {
            // A recent scan before the fracture counts.
            e.dxa_date = iso(days(fd, -rng.range(1, 365)));
            e.dxa_status = "done".into();
            scanned = true;
        } else if rng.chance(p.dxa) {
            let d = days(a, rng.log_normal(25.0 * p.delay, 0.8).min(400.0) as i64);
            if let Some(d) = by(d) {
                e.dxa_date = iso(d);
                e.dxa_status = "done".into();
                scanned = true;
            }
        } else {
            e.dxa_status = pick_weighted(
                rng,
                &[
                    ("declined", 15.0),
                    ("not_required", 15.0),
                    ("not_done", 70.0),
                ],
            )
            .into();
        }
        if scanned {
            let mean = if site == Hip { -2.6 } else { -2.2 };
            let t = |rng: &mut Rng| dec1((mean + rng.normal()).clamp(-6.5, 3.5));
            if rng.chance(if site == Spine { 0.7 } else { 0.85 }) {
                e.t_score_lumbar_spine = t(rng);
            }
            if rng.chance(0.9) {
                e.t_score_total_hip = t(rng);
            }
            if rng.chance(0.9) {
                e.t_score_femoral_neck = t(rng);
            }
        }
        if rng.chance(0.5) {
            let major = (rng.log_normal(14.0, 0.6).clamp(1.0, 85.0) * 10.0).round() / 10.0;
            let hip = (major * rng.uniform(0.1, 0.65) * 10.0).round() / 10.0;
            e.frax_major_pct = dec1(major);
            e.frax_hip_pct = dec1(hip.min(major));
        }

        // Treatment.
        let rec = if rng.chance(0.08) {
            "continue"
        } else if rng.chance(p.aom) {
            "recommended"
        } else {
            pick_weighted(
                rng,
                &[
                    ("not_indicated", 45.0),
                    ("contraindicated", 15.0),
                    ("declined", 40.0),
                ],
            )
        };
        e.aom_recommendation = rec.into();
        let positive = matches!(rec, "recommended" | "continue");
        if positive {
            let atc = ATC_MIX[rng.weighted_by(ATC_MIX, |x| x.1)].0;
            if rng.chance(0.85) {
                e.aom_recommended_atc = atc.into();
            }
            let start = if rec == "continue" {
                rng.chance(0.7).then(|| days(fd, -rng.range(60, 2500)))
            } else if rng.chance(p.start) {
                by(days(
                    a,
                    rng.log_normal(14.0 * p.delay, 0.8).min(300.0) as i64,
                ))
            } else {
                None
            };
            if let Some(s) = start {
                started = true;
                e.aom_start_date = iso(s);
                e.aom_start_atc = if rng.chance(0.9) {
                    atc
                } else {
                    ATC_MIX[rng.below(ATC_MIX.len() as u64) as usize].0
                }
                .into();
            }
            started |= rec == "continue";
        }

        // Follow-up.
        let first_due = days(fd, (112.0 + 14.0 * rng.normal()).max(30.0) as i64);
        let mut first = None;
        if rng.chance(p.followup * if positive { 1.0 } else { 0.5 }) {
            first = by(first_due.max(a));
            if let Some(d) = first {
                e.first_followup_date = iso(d);
            }
        }
        let mut second_due = days(fd, (364.0 + 21.0 * rng.normal()).max(200.0) as i64);
        if let Some(f) = first {
            second_due = second_due.max(days(f, 30));
        }
        let second = by(second_due);
        if second.is_some() && rng.chance(p.followup * if positive { 1.0 } else { 0.4 }) {
            e.second_followup_date = iso(second_due);
            e.aom_at_52_weeks = if started {
                pick_weighted(rng, &[("yes", 80.0), ("no", 15.0), ("unknown", 5.0)])
            } else {
                pick_weighted(rng, &[("yes", 12.0), ("no", 70.0), ("unknown", 18.0)])
            }
            .into();
        } else if second.is_some() && positive && rng.chance(0.1) {
            e.aom_at_52_weeks = "unknown".into();
        }
    } else if rng.chance(0.2) {
        e.dxa_status = "not_done".into();
    }

    // Refracture.
    let p_refracture = if started { 0.05 } else { 0.09 };
    if rng.chance(p_refracture)
        && let Some(d) = by(days(fd, rng.range(30, 1000)))
    {
        e.refracture_date = iso(d);
        e.refracture_site = SITES[rng.weighted(sites)].0.code().into();
    }

    // Incomplete records: optional fields left blank (never one a rule ties to another).
    if !rng.chance(p.complete) {
        let blanks: [&mut String; 10] = [
            &mut e.identification_route,
            &mut e.identified_date,
            &mut e.fracture_icd10,
            &mut e.falls_assessment,
            &mut e.aom_at_52_weeks,
            &mut e.t_score_lumbar_spine,
            &mut e.t_score_femoral_neck,
            &mut e.phone,
            &mut e.primary_care_contact,
            &mut e.aom_recommended_atc,
        ];
        for b in blanks {
            if rng.chance(0.5) {
                b.clear();
            }
        }
        if rng.chance(0.5) {
            e.frax_major_pct.clear();
            e.frax_hip_pct.clear();
        }
        if !e.dxa_date.is_empty() && rng.chance(0.5) {
            // A date means done.
            e.dxa_status.clear();
        }
    }

    // Closed (dataset version 2): a few the FLS stopped following before the 52-week review.
    if e.second_followup_date.is_empty()
        && rng.chance(0.04)
        && let Some(d) = by(days(fd, rng.range(20, 400)))
    {
        e.closed_date = iso(d);
        e.closed_reason = pick_weighted(
            rng,
            &[
                ("declined_fls", 30.0),
                ("lost_to_follow_up", 25.0),
                ("moved_away", 15.0),
                ("transferred", 15.0),
                ("not_eligible", 10.0),
                ("completed", 5.0),
            ],
        )
        .into();
    }

    // The rest of dataset version 2. Residence: UK FLS-DB reports about 8 % from care homes.
    if rng.chance(0.85) {
        e.residence_before = pick_weighted(
            rng,
            &[
                ("own_home", 84.0),
                ("care_home", 8.0),
                ("nursing_home", 4.0),
                ("other", 2.0),
                ("unknown", 2.0),
            ],
        )
        .into();
    }
    if let Some(a) = assessed {
        // The clinician rarely overrides the rule; most leave it blank.
        if rng.chance(0.15) {
            e.high_risk = pick_weighted(rng, &[("yes", 70.0), ("no", 30.0)]).into();
        }
        if rng.chance(0.7) {
            e.secondary_causes_screen = pick_weighted(
                rng,
                &[
                    ("done", 75.0),
                    ("not_required", 10.0),
                    ("declined", 5.0),
                    ("not_done", 10.0),
                ],
            )
            .into();
        }
        if rng.chance(0.7) {
            e.lifestyle_advice = pick_weighted(
                rng,
                &[("done", 85.0), ("declined", 5.0), ("not_done", 10.0)],
            )
            .into();
        }
        if rng.chance(0.6)
            && let Some(d) = by(days(a, rng.range(1, 60)))
        {
            e.primary_care_letter_date = iso(d);
        }
    }
    e
}

fn pick_weighted(rng: &mut Rng, xs: &[(&'static str, f64)]) -> &'static str {
    xs[rng.weighted_by(xs, |x| x.1)].0
}
