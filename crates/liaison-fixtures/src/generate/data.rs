//! Data: the fracture-site mix, codes, drugs, notes and kinds of hospital.

use liaison_domain::dataset::FractureSite;

// ---------------------------------------------------------------------------------------------
// Data.

/// Fracture-site mix of FLS registries.
pub(super) const SITES: &[(FractureSite, f64)] = &[
    (FractureSite::Hip, 20.0),
    (FractureSite::Spine, 12.0),
    (FractureSite::Wrist, 20.0),
    (FractureSite::Humerus, 10.0),
    (FractureSite::Pelvis, 6.0),
    (FractureSite::Ankle, 8.0),
    (FractureSite::FemurOther, 4.0),
    (FractureSite::TibiaFibula, 5.0),
    (FractureSite::Rib, 7.0),
    (FractureSite::Clavicle, 3.0),
    (FractureSite::Other, 5.0),
];

pub(super) fn icd10_codes(site: FractureSite) -> &'static [&'static str] {
    use FractureSite::*;
    match site {
        Hip => &[
            "S72.0", "S72.00", "S72.1", "S72.10", "S72.2", "S72.001A", "S72.142A",
        ],
        Spine => &[
            "S22.0", "S32.0", "S22.00", "S32.00", "M80.08", "T08", "S12.0", "M48.50", "M80.08XA",
        ],
        Wrist => &["S52.5", "S52.50", "S52.6", "S52.501A"],
        Humerus => &["S42.2", "S42.20", "S42.3", "S42.201A"],
        Pelvis => &["S32.1", "S32.4", "S32.5", "S32.8", "S32.501A"],
        FemurOther => &["S72.3", "S72.4", "S72.8", "S72.9", "S72.301A"],
        TibiaFibula => &["S82.1", "S82.2", "S82.3", "S82.4", "S82.201A"],
        Ankle => &["S82.5", "S82.6", "S82.8", "S82.51XA"],
        Rib => &["S22.3", "S22.4", "S22.31XA"],
        Clavicle => &["S42.0", "S42.00", "S42.001A"],
        Other => &[
            "S42.1", "S42.4", "S52.0", "S52.1", "S82.0", "S22.2", "M80.0", "M80.05", "S62.1",
        ],
    }
}

/// (ATC code, share of prescriptions).
pub(super) const ATC_MIX: &[(&str, f64)] = &[
    ("M05BA04", 48.0),
    ("M05BA08", 18.0),
    ("M05BX04", 16.0),
    ("M05BA07", 5.0),
    ("M05BA06", 3.0),
    ("M05BB03", 2.0),
    ("H05AA02", 3.0),
    ("M05BX06", 2.0),
    ("H05AA04", 0.5),
    ("G03XC01", 1.5),
    ("G03XC02", 0.3),
    ("G03CA03", 0.7),
];

pub(super) const NOTES: &[&str] = &[
    "Lives alone; daughter helps with medication.",
    "Interpreter needed.",
    "Letter sent to primary care.",
    "Referred to the falls clinic.",
    "Dental review before starting treatment.\nCalcium and vitamin D advised.",
    "Prefers telephone contact.",
    "يحتاج إلى مترجم.",
    "家族と同居。",
];

pub(super) const HOSPITAL_KINDS: &[&str] = &[
    "University Hospital",
    "General Hospital",
    "Regional Hospital",
    "Medical Centre",
    "District Hospital",
];
