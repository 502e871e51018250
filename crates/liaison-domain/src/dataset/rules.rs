//! [`parse`]: every rule of the dataset, from an [`EpisodeInput`] to an [`Episode`].

use time::Date;

use super::values::{atc, code, free_text, iso, parse_decimal, site, text};
use super::{
    AomRecommendation, ClosedReason, DxaStatus, Episode, EpisodeInput, FallsAssessment,
    FractureSite, IdentificationRoute, LifestyleAdvice, ParseOptions, Residence,
    SecondaryCausesScreen, Setting, Sex, SpineDetection, Warning, YesNo, YesNoUnknown, age,
    icd10_site, parse_date,
};
use crate::error::{FieldError, Invalid};
use crate::org::FlsCode;

/// Check every rule of docs/dataset.md. All errors at once; warnings beside a valid episode.
pub fn parse(i: &EpisodeInput, o: &ParseOptions) -> Result<(Episode, Vec<Warning>), Invalid> {
    let mut inv = Invalid::default();
    let mut warnings = Vec::new();
    let ord = o.date_order;
    let date =
        |inv: &mut Invalid, f: &'static str, s: &str| inv.take(parse_date(f, s, ord)).flatten();

    let fls_code = inv
        .take(FlsCode::parse("fls_code", &i.fls_code))
        .map(|c| c.as_str().to_string());
    let patient_ref = {
        let t = i.patient_ref.trim();
        if t.is_empty() {
            inv.push(FieldError::new("patient_ref", &i.patient_ref, "required"));
            None
        } else {
            // A reference typed in Arabic-Indic digits is the same reference: stored in ASCII.
            inv.take(crate::org::text(
                "patient_ref",
                &crate::numerals::to_ascii(t),
                true,
                64,
            ))
        }
    };
    let fracture_date = date(&mut inv, "fracture_date", &i.fracture_date);
    if i.fracture_date.trim().is_empty() {
        inv.push(FieldError::new("fracture_date", "", "required"));
    }
    let sex = if i.sex.trim().is_empty() {
        inv.push(FieldError::new("sex", "", "required"));
        None
    } else {
        inv.take(code("sex", &i.sex, Sex::parse, Sex::codes()))
            .flatten()
    };
    let birth_date = date(&mut inv, "birth_date", &i.birth_date);
    if i.birth_date.trim().is_empty() {
        inv.push(FieldError::new("birth_date", "", "required"));
    }
    let death_date = date(&mut inv, "death_date", &i.death_date);
    let family_name = inv.take(text("family_name", &i.family_name, 100));
    let given_names = inv.take(text("given_names", &i.given_names, 100));
    // A phone number typed with Arabic-Indic digits is stored with ASCII ones.
    let phone_ascii = crate::numerals::to_ascii(&i.phone);
    let phone = inv.take(text("phone", &phone_ascii, 32).and_then(|p| {
        if p.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
        {
            Ok(p)
        } else {
            Err(FieldError::new("phone", &i.phone, "phone_chars"))
        }
    }));
    let primary_care_contact = inv.take(text("primary_care_contact", &i.primary_care_contact, 200));
    let fracture_site = inv.take(site("fracture_site", &i.fracture_site)).flatten();
    if i.fracture_site.trim().is_empty() {
        inv.push(FieldError::new("fracture_site", "", "required"));
    }
    let spine_detection = inv
        .take(code(
            "spine_detection",
            &i.spine_detection,
            SpineDetection::parse,
            SpineDetection::codes(),
        ))
        .flatten();
    match (fracture_site, spine_detection) {
        (Some(FractureSite::Spine), None) if !i.spine_detection.trim().is_empty() => {}
        (Some(FractureSite::Spine), None) => {
            inv.push(FieldError::new("spine_detection", "", "required_for_spine"))
        }
        (Some(s), Some(_)) if s != FractureSite::Spine => inv.push(FieldError::new(
            "spine_detection",
            &i.spine_detection,
            "only_for_spine",
        )),
        _ => {}
    }
    let fracture_icd10 = if i.fracture_icd10.trim().is_empty() {
        None
    } else {
        match icd10_site(&i.fracture_icd10) {
            Err(rule) => {
                inv.push(FieldError::new("fracture_icd10", &i.fracture_icd10, rule));
                None
            }
            Ok(s) => {
                if let Some(fs) = fracture_site
                    && s != fs
                {
                    inv.push(
                        FieldError::new("fracture_icd10", &i.fracture_icd10, "icd10_site_mismatch")
                            .arg("site", fs.code())
                            .arg("icd_site", s.code()),
                    );
                }
                Some(i.fracture_icd10.trim().to_ascii_uppercase())
            }
        }
    };
    let setting = inv
        .take(code(
            "setting",
            &i.setting,
            Setting::parse,
            Setting::codes(),
        ))
        .flatten();
    if i.setting.trim().is_empty() {
        inv.push(FieldError::new("setting", "", "required"));
    }
    let identified_date = date(&mut inv, "identified_date", &i.identified_date);
    let identification_route = inv
        .take(code(
            "identification_route",
            &i.identification_route,
            IdentificationRoute::parse,
            IdentificationRoute::codes(),
        ))
        .flatten();
    let fls_assessment_date = date(&mut inv, "fls_assessment_date", &i.fls_assessment_date);
    let mut dxa_status = inv
        .take(code(
            "dxa_status",
            &i.dxa_status,
            DxaStatus::parse,
            DxaStatus::codes(),
        ))
        .flatten();
    let dxa_date = date(&mut inv, "dxa_date", &i.dxa_date);
    let dec = |inv: &mut Invalid, f: &'static str, s: &str, min: f64, max: f64| {
        inv.take(parse_decimal(f, s, o.decimal_comma, min, max))
            .flatten()
    };
    let t_ls = dec(
        &mut inv,
        "t_score_lumbar_spine",
        &i.t_score_lumbar_spine,
        -7.0,
        5.0,
    );
    let t_th = dec(
        &mut inv,
        "t_score_total_hip",
        &i.t_score_total_hip,
        -7.0,
        5.0,
    );
    let t_fn = dec(
        &mut inv,
        "t_score_femoral_neck",
        &i.t_score_femoral_neck,
        -7.0,
        5.0,
    );
    let frax_major = dec(&mut inv, "frax_major_pct", &i.frax_major_pct, 0.0, 100.0);
    let frax_hip = dec(&mut inv, "frax_hip_pct", &i.frax_hip_pct, 0.0, 100.0);
    let falls_assessment = inv
        .take(code(
            "falls_assessment",
            &i.falls_assessment,
            FallsAssessment::parse,
            FallsAssessment::codes(),
        ))
        .flatten();
    let aom_recommendation = inv
        .take(code(
            "aom_recommendation",
            &i.aom_recommendation,
            AomRecommendation::parse,
            AomRecommendation::codes(),
        ))
        .flatten();
    let aom_recommended_atc = inv
        .take(atc("aom_recommended_atc", &i.aom_recommended_atc))
        .flatten();
    let aom_start_date = date(&mut inv, "aom_start_date", &i.aom_start_date);
    let aom_start_atc = inv.take(atc("aom_start_atc", &i.aom_start_atc)).flatten();
    let strength_balance_date = date(&mut inv, "strength_balance_date", &i.strength_balance_date);
    let first_followup_date = date(&mut inv, "first_followup_date", &i.first_followup_date);
    let second_followup_date = date(&mut inv, "second_followup_date", &i.second_followup_date);
    let aom_at_52_weeks = inv
        .take(code(
            "aom_at_52_weeks",
            &i.aom_at_52_weeks,
            YesNoUnknown::parse,
            YesNoUnknown::codes(),
        ))
        .flatten();
    let refracture_date = date(&mut inv, "refracture_date", &i.refracture_date);
    let refracture_site = inv
        .take(site("refracture_site", &i.refracture_site))
        .flatten();
    let notes = inv.take(free_text("notes", &i.notes, 2000));
    let closed_date = date(&mut inv, "closed_date", &i.closed_date);
    let closed_reason = inv
        .take(code(
            "closed_reason",
            &i.closed_reason,
            ClosedReason::parse,
            ClosedReason::codes(),
        ))
        .flatten();
    let residence_before = inv
        .take(code(
            "residence_before",
            &i.residence_before,
            Residence::parse,
            Residence::codes(),
        ))
        .flatten();
    let high_risk = inv
        .take(code(
            "high_risk",
            &i.high_risk,
            YesNo::parse,
            YesNo::codes(),
        ))
        .flatten();
    let secondary_causes_screen = inv
        .take(code(
            "secondary_causes_screen",
            &i.secondary_causes_screen,
            SecondaryCausesScreen::parse,
            SecondaryCausesScreen::codes(),
        ))
        .flatten();
    let lifestyle_advice = inv
        .take(code(
            "lifestyle_advice",
            &i.lifestyle_advice,
            LifestyleAdvice::parse,
            LifestyleAdvice::codes(),
        ))
        .flatten();
    let primary_care_letter_date = date(
        &mut inv,
        "primary_care_letter_date",
        &i.primary_care_letter_date,
    );

    // Rules between fields.
    let raw = |f: &str| i.get(f).unwrap_or("").to_string();
    let e = |f: &'static str, rule: &'static str| FieldError::new(f, raw(f), rule);
    let floor = time::macros::date!(1990 - 01 - 01);
    if let Some(fd) = fracture_date {
        if fd < floor {
            inv.push(e("fracture_date", "date_before_1990"));
        }
        if let Some(bd) = birth_date {
            if bd >= fd {
                inv.push(e("birth_date", "birth_not_before_fracture"));
            } else {
                let a = age(bd, fd);
                if !(18..=120).contains(&a) {
                    inv.push(e("birth_date", "age_out_of_range").arg("age", a));
                } else if a < 50 {
                    warnings.push(Warning {
                        field: "birth_date",
                        rule: "under_50",
                    });
                }
            }
        }
        let not_before = |inv: &mut Invalid, f: &'static str, d: Option<Date>| {
            if d.is_some_and(|d| d < fd) {
                inv.push(e(f, "date_before_fracture"));
            }
        };
        not_before(&mut inv, "death_date", death_date);
        not_before(&mut inv, "fls_assessment_date", fls_assessment_date);
        not_before(&mut inv, "strength_balance_date", strength_balance_date);
        not_before(&mut inv, "closed_date", closed_date);
        not_before(
            &mut inv,
            "primary_care_letter_date",
            primary_care_letter_date,
        );
        if identified_date.is_some_and(|d| d < fd - time::Duration::days(7)) {
            inv.push(e("identified_date", "identified_too_early"));
        }
        if dxa_date.is_some_and(|d| d < fd - time::Duration::days(365)) {
            inv.push(e("dxa_date", "dxa_too_early"));
        }
        if aom_recommendation != Some(AomRecommendation::Continue) {
            not_before(&mut inv, "aom_start_date", aom_start_date);
        }
        let after = |inv: &mut Invalid, f: &'static str, d: Option<Date>| {
            if d.is_some_and(|d| d <= fd) {
                inv.push(e(f, "date_not_after_fracture"));
            }
        };
        after(&mut inv, "first_followup_date", first_followup_date);
        after(&mut inv, "second_followup_date", second_followup_date);
        after(&mut inv, "refracture_date", refracture_date);
    }
    if let (Some(a), Some(b)) = (first_followup_date, second_followup_date)
        && b <= a
    {
        inv.push(e("second_followup_date", "second_not_after_first"));
    }
    // DXA: a date means done; done needs a date; T-scores need a scan.
    match (dxa_status, dxa_date) {
        (None, Some(_)) => dxa_status = Some(DxaStatus::Done),
        // An unreadable date has its own error already.
        (Some(DxaStatus::Done), None) if inv.for_field("dxa_date").is_none() => {
            inv.push(e("dxa_date", "dxa_done_needs_date"))
        }
        (Some(s), Some(_)) if s != DxaStatus::Done => {
            inv.push(e("dxa_status", "dxa_date_means_done"))
        }
        _ => {}
    }
    let scanned = !i.dxa_date.trim().is_empty() || dxa_status == Some(DxaStatus::Done);
    for (f, v) in [
        ("t_score_lumbar_spine", t_ls),
        ("t_score_total_hip", t_th),
        ("t_score_femoral_neck", t_fn),
    ] {
        if v.is_some() && !scanned {
            inv.push(e(f, "t_score_needs_dxa"));
        }
    }
    if let (Some(maj), Some(hip)) = (frax_major, frax_hip)
        && hip > maj
    {
        inv.push(e("frax_hip_pct", "frax_hip_above_major"));
    }
    if aom_recommended_atc.is_some()
        && !aom_recommendation.is_some_and(AomRecommendation::is_positive)
    {
        inv.push(e("aom_recommended_atc", "atc_needs_recommendation"));
    }
    if aom_start_date.is_some()
        && aom_start_atc.is_none()
        && inv.for_field("aom_start_atc").is_none()
    {
        inv.push(e("aom_start_atc", "required_with_start"));
    }
    if aom_start_atc.is_some()
        && aom_start_date.is_none()
        && inv.for_field("aom_start_date").is_none()
    {
        inv.push(e("aom_start_date", "required_with_atc"));
    }
    if refracture_date.is_some()
        && refracture_site.is_none()
        && inv.for_field("refracture_site").is_none()
    {
        inv.push(e("refracture_site", "required_with_refracture"));
    }
    if refracture_site.is_some()
        && refracture_date.is_none()
        && inv.for_field("refracture_date").is_none()
    {
        inv.push(e("refracture_date", "required_with_site"));
    }
    // A closed episode says why; a reason without a date closes nothing.
    if closed_date.is_some() && closed_reason.is_none() && inv.for_field("closed_reason").is_none()
    {
        inv.push(e("closed_reason", "required_with_closed"));
    }
    if closed_reason.is_some() && closed_date.is_none() && inv.for_field("closed_date").is_none() {
        inv.push(e("closed_date", "required_with_reason"));
    }
    // Nothing after today (in the FLS's time zone), nothing after death.
    let events: [(&'static str, Option<Date>); 14] = [
        ("fracture_date", fracture_date),
        ("death_date", death_date),
        ("identified_date", identified_date),
        ("fls_assessment_date", fls_assessment_date),
        ("dxa_date", dxa_date),
        ("aom_start_date", aom_start_date),
        ("strength_balance_date", strength_balance_date),
        ("first_followup_date", first_followup_date),
        ("second_followup_date", second_followup_date),
        ("refracture_date", refracture_date),
        ("birth_date", birth_date),
        ("closed_date", closed_date),
        ("primary_care_letter_date", primary_care_letter_date),
        ("", None),
    ];
    for (f, d) in events.iter().filter(|(f, _)| !f.is_empty()) {
        if d.is_some_and(|d| d > o.today) {
            inv.push(e(f, "date_in_future").arg("today", iso(o.today)));
        }
    }
    if let Some(dd) = death_date {
        for (f, d) in events
            .iter()
            // A death before the fracture is reported once, on `death_date`.
            // Closing an episode is the FLS's own bookkeeping: it may follow a death.
            .filter(|(f, _)| {
                !f.is_empty()
                    && !matches!(
                        *f,
                        "death_date" | "birth_date" | "fracture_date" | "closed_date"
                    )
            })
        {
            // A course of AOM that began before the fracture and death is not "after death".
            if d.is_some_and(|d| d > dd) {
                inv.push(e(f, "date_after_death"));
            }
        }
    }
    if !inv.is_empty() {
        return Err(inv);
    }
    match (
        fls_code,
        patient_ref,
        fracture_date,
        sex,
        birth_date,
        family_name,
        given_names,
        phone,
        primary_care_contact,
        fracture_site,
        setting,
        notes,
    ) {
        (
            Some(fls_code),
            Some(patient_ref),
            Some(fracture_date),
            Some(sex),
            Some(birth_date),
            Some(family_name),
            Some(given_names),
            Some(phone),
            Some(primary_care_contact),
            Some(fracture_site),
            Some(setting),
            Some(notes),
        ) => Ok((
            Episode {
                fls_code,
                patient_ref,
                fracture_date,
                sex,
                birth_date,
                death_date,
                family_name,
                given_names,
                phone,
                primary_care_contact,
                fracture_site,
                spine_detection,
                fracture_icd10,
                setting,
                identified_date,
                identification_route,
                fls_assessment_date,
                dxa_status,
                dxa_date,
                t_score_lumbar_spine: t_ls,
                t_score_total_hip: t_th,
                t_score_femoral_neck: t_fn,
                frax_major_pct: frax_major,
                frax_hip_pct: frax_hip,
                falls_assessment,
                aom_recommendation,
                aom_recommended_atc,
                aom_start_date,
                aom_start_atc,
                strength_balance_date,
                first_followup_date,
                second_followup_date,
                aom_at_52_weeks,
                refracture_date,
                refracture_site,
                notes,
                closed_date,
                closed_reason,
                residence_before,
                high_risk,
                secondary_causes_screen,
                lifestyle_advice,
                primary_care_letter_date,
            },
            warnings,
        )),
        _ => Err(inv),
    }
}
