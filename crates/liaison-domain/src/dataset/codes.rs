//! The coded values of the dataset (sex, fracture site, statuses...), the accepted ATC codes
//! and the ICD-10 agreement table.

use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                let t = s.trim();
                Self::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(t))
            }
            pub fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }
        }
        super::columns::code_column!($name);
    };
}

code_enum!(Sex { F = "F", M = "M", X = "X", U = "U" });
code_enum!(FractureSite {
    Hip = "hip", Spine = "spine", Wrist = "wrist", Humerus = "humerus", Pelvis = "pelvis",
    FemurOther = "femur_other", TibiaFibula = "tibia_fibula", Ankle = "ankle", Rib = "rib",
    Clavicle = "clavicle", Other = "other",
});
code_enum!(SpineDetection { Clinical = "clinical", Radiological = "radiological" });
code_enum!(Setting { Inpatient = "inpatient", Outpatient = "outpatient" });
code_enum!(IdentificationRoute {
    Ed = "ed", Ward = "ward", FractureClinic = "fracture_clinic", Radiology = "radiology",
    PrimaryCare = "primary_care", SelfReferral = "self_referral", Other = "other",
});
code_enum!(DxaStatus { Done = "done", NotRequired = "not_required", Declined = "declined", NotDone = "not_done" });
code_enum!(FallsAssessment {
    Done = "done", Referred = "referred", NotRequired = "not_required", Declined = "declined", NotDone = "not_done",
});
code_enum!(AomRecommendation {
    Recommended = "recommended", Continue = "continue", NotIndicated = "not_indicated",
    Contraindicated = "contraindicated", Declined = "declined",
});
code_enum!(YesNoUnknown { Yes = "yes", No = "no", Unknown = "unknown" });
code_enum!(ClosedReason {
    Completed = "completed", DeclinedFls = "declined_fls", MovedAway = "moved_away",
    Transferred = "transferred", NotEligible = "not_eligible", LostToFollowUp = "lost_to_follow_up",
});
code_enum!(Residence {
    OwnHome = "own_home", CareHome = "care_home", NursingHome = "nursing_home", Other = "other",
    Unknown = "unknown",
});
code_enum!(YesNo { Yes = "yes", No = "no" });
code_enum!(SecondaryCausesScreen {
    Done = "done", NotRequired = "not_required", Declined = "declined", NotDone = "not_done",
});
code_enum!(LifestyleAdvice { Done = "done", Declined = "declined", NotDone = "not_done" });

impl AomRecommendation {
    /// Recommended or continued: the KPI population for follow-up and persistence.
    pub fn is_positive(self) -> bool {
        matches!(
            self,
            AomRecommendation::Recommended | AomRecommendation::Continue
        )
    }
}

/// Sites that are never fragility fractures (docs/dataset.md), named so the message can say why.
pub(super) const NOT_FRAGILITY: &[&str] = &[
    "skull", "face", "hand", "hands", "finger", "fingers", "toe", "toes", "foot", "feet", "digit",
    "digits",
];

/// The accepted anti-osteoporosis medications: (ATC code or prefix ending in `*`, name).
pub const ATC: &[(&str, &str)] = &[
    ("M05BA04", "alendronic acid"),
    ("M05BA06", "ibandronic acid"),
    ("M05BA07", "risedronic acid"),
    ("M05BA08", "zoledronic acid"),
    ("M05BB*", "bisphosphonate combination"),
    ("M05BX03", "strontium ranelate"),
    ("M05BX04", "denosumab"),
    ("M05BX06", "romosozumab"),
    ("H05AA02", "teriparatide"),
    ("H05AA04", "abaloparatide"),
    ("G03XC01", "raloxifene"),
    ("G03XC02", "bazedoxifene"),
    ("G03C*", "hormone therapy (oestrogens)"),
    ("G03F*", "hormone therapy (progestogens and oestrogens)"),
];

/// The drug name for an accepted ATC code.
pub fn atc_name(code: &str) -> Option<&'static str> {
    let c = code.trim().to_ascii_uppercase();
    ATC.iter().find_map(|(k, name)| match k.strip_suffix('*') {
        // A prefix needs at least one character more, up to a full 7-character code.
        Some(prefix) => (c.starts_with(prefix)
            && c.len() > prefix.len()
            && c.len() <= 7
            && c.chars().all(|x| x.is_ascii_alphanumeric()))
        .then_some(*name),
        None => (c == *k).then_some(*name),
    })
}

/// The fracture site an ICD-10 code means, per the agreement table of docs/dataset.md.
/// `Err(rule)` when the code is not a fragility-fracture code.
pub fn icd10_site(code: &str) -> Result<FractureSite, &'static str> {
    let c = code.trim().to_ascii_uppercase();
    let b = c.as_bytes();
    let well_formed = b.len() >= 3
        && b[0].is_ascii_uppercase()
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && (b.len() == 3
            || (b[3] == b'.'
                && (5..=8).contains(&b.len())
                && b[4..].iter().all(u8::is_ascii_alphanumeric)));
    if !well_formed {
        return Err("icd10_format");
    }
    let cat = &c[..3];
    let sub = c.get(4..5).and_then(|s| s.parse::<u8>().ok());
    let in_sub = |set: &[u8]| sub.is_some_and(|s| set.contains(&s));
    use FractureSite::*;
    let site = match cat {
        "S72" if in_sub(&[0, 1, 2]) => Hip,
        "S72" if in_sub(&[3, 4, 5, 6, 7, 8, 9]) => FemurOther,
        "S22" if in_sub(&[0, 1]) => Spine,
        "S22" if in_sub(&[3, 4]) => Rib,
        "S32" if in_sub(&[0]) => Spine,
        "S32" if in_sub(&[1, 2, 3, 4, 5, 6, 7, 8]) => Pelvis,
        "S12" | "T08" => Spine,
        "M48" if in_sub(&[5]) => Spine,
        // M80.x8: osteoporosis with pathological fracture, vertebra.
        "M80" if c.get(5..6) == Some("8") => Spine,
        "M80" => Other,
        "S52" if in_sub(&[5, 6]) => Wrist,
        "S42" if in_sub(&[2, 3]) => Humerus,
        "S42" if in_sub(&[0]) => Clavicle,
        "S82" if in_sub(&[1, 2, 3, 4]) => TibiaFibula,
        "S82" if in_sub(&[5, 6, 8]) => Ankle,
        // Skull and face, fingers, toes: not fragility fractures.
        "S02" => return Err("icd10_not_fragility"),
        "S62" if in_sub(&[5, 6, 7]) => return Err("icd10_not_fragility"),
        "S92" if in_sub(&[4, 5]) => return Err("icd10_not_fragility"),
        _ if cat.starts_with('S') => Other,
        _ => return Err("icd10_not_fracture"),
    };
    Ok(site)
}
