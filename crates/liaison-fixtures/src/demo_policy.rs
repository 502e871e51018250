//! The demo's policy tracker: status items with cited sources for the demo countries (some
//! left unpublished, as drafts the programme has not checked yet), and for Great Britain and
//! Spain a stakeholder list, a held and a planned roundtable, and actions. Made through the same
//! use cases as the forms. The citations name the kind of document a national lead would cite;
//! the states are illustrative, not an assessment of any country.

use liaison_app::policy as svc;
use liaison_app::{Actor, Result};
use liaison_domain::policy::{ActionInput, RoundtableInput, StakeholderInput, StatusInput};

/// Country, item, state, as of, citation, address, published.
type DemoStatus = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const STATUS: &[DemoStatus] = &[
    (
        "GB",
        "guidelines",
        "yes",
        "2017-02-01",
        "NICE quality standard QS149: Osteoporosis",
        "https://www.nice.org.uk/guidance/qs149",
        true,
    ),
    (
        "GB",
        "registry",
        "yes",
        "2016-01-01",
        "Fracture Liaison Service Database (FLS-DB), Royal College of Physicians",
        "https://www.rcp.ac.uk/improving-care/national-clinical-audits/",
        true,
    ),
    (
        "GB",
        "reimbursed",
        "partial",
        "2019-04-01",
        "NHS England National Tariff: Best Practice Tariff for fragility hip fracture",
        "https://www.england.nhs.uk/pay-syst/national-tariff/",
        true,
    ),
    (
        "GB",
        "mandated",
        "no",
        "2024-06-01",
        "Department of Health and Social Care, reply to a written parliamentary question",
        "",
        true,
    ),
    (
        "GB",
        "priority",
        "in_progress",
        "2025-03-10",
        "Draft: ministerial statement on musculoskeletal health (not yet checked)",
        "",
        false,
    ),
    (
        "ES",
        "registry",
        "yes",
        "2017-01-01",
        "Registro Nacional de Fracturas de Cadera (RNFC)",
        "https://rnfc.es/",
        true,
    ),
    (
        "ES",
        "guidelines",
        "yes",
        "2022-05-01",
        "Guías de práctica clínica en la osteoporosis postmenopáusica, SEIOMM 2022",
        "",
        true,
    ),
    (
        "ES",
        "priority",
        "partial",
        "2021-12-01",
        "Estrategia en Enfermedades Reumáticas y Musculoesqueléticas del SNS",
        "https://www.sanidad.gob.es/",
        true,
    ),
    (
        "ES",
        "reimbursed",
        "no",
        "2024-09-01",
        "Cartera común de servicios del SNS",
        "",
        false,
    ),
    (
        "MX",
        "guidelines",
        "partial",
        "2018-06-01",
        "Guía de Práctica Clínica: Diagnóstico y tratamiento de osteoporosis, CENETEC",
        "https://www.gob.mx/salud/cenetec",
        true,
    ),
    (
        "MX",
        "registry",
        "in_progress",
        "2024-02-01",
        "Registro mexicano de fracturas de cadera, propuesta",
        "",
        true,
    ),
    (
        "SA",
        "guidelines",
        "yes",
        "2023-01-01",
        "Saudi Osteoporosis Society clinical guideline, 2023 update",
        "",
        true,
    ),
    (
        "SA",
        "priority",
        "yes",
        "2021-04-01",
        "Health Sector Transformation Program, Vision 2030",
        "https://www.vision2030.gov.sa/",
        true,
    ),
    (
        "SA",
        "registry",
        "in_progress",
        "2025-01-01",
        "Ministry of Health, national fracture registry pilot (draft)",
        "",
        false,
    ),
    (
        "BR",
        "guidelines",
        "yes",
        "2022-03-01",
        "Protocolo Clínico e Diretrizes Terapêuticas da Osteoporose, Ministério da Saúde",
        "https://www.gov.br/saude/",
        true,
    ),
    (
        "JP",
        "reimbursed",
        "yes",
        "2022-04-01",
        "Revision of medical fees 2022: secondary fracture prevention management fee",
        "https://www.mhlw.go.jp/",
        true,
    ),
    (
        "JP",
        "guidelines",
        "yes",
        "2015-07-01",
        "Japanese guidelines for the prevention and treatment of osteoporosis, 2015 edition",
        "",
        true,
    ),
    (
        "AU",
        "registry",
        "yes",
        "2016-01-01",
        "Australian and New Zealand Hip Fracture Registry",
        "https://anzhfr.org/",
        true,
    ),
];

pub async fn seed(app: &liaison_app::App, op: &Actor) -> Result<()> {
    for (country, item, state, as_of, text, url, published) in STATUS {
        let s = StatusInput {
            item: (*item).into(),
            state: (*state).into(),
            as_of: (*as_of).into(),
            source_text: (*text).into(),
            source_url: (*url).into(),
            published: if *published { "on" } else { "" }.into(),
        };
        svc::save_status(app, op, country, &s).await?;
    }
    for (country, organisation, role_title, stance) in [
        (
            "GB",
            "Department of Health and Social Care",
            "Policy lead, musculoskeletal health",
            "neutral",
        ),
        (
            "GB",
            "Royal Osteoporosis Society",
            "Patient charity",
            "supportive",
        ),
        (
            "GB",
            "British Orthopaedic Association",
            "Specialty society",
            "supportive",
        ),
        (
            "ES",
            "Ministerio de Sanidad",
            "Dirección General de Salud Pública",
            "neutral",
        ),
        ("ES", "SEIOMM", "Sociedad científica", "supportive"),
    ] {
        let s = StakeholderInput {
            organisation: organisation.into(),
            role_title: role_title.into(),
            stance: stance.into(),
            ..Default::default()
        };
        svc::save_stakeholder(app, op, country, &s).await?;
    }
    for (country, held_on, status, subject, participants, outcomes) in [
        (
            "GB",
            "2025-10-14",
            "held",
            "Secondary fracture prevention roundtable",
            "DHSC, NHS England, ROS, BOA, two FLS leads",
            "Agreed to ask for FLS coverage in the next musculoskeletal plan",
        ),
        (
            "GB",
            "2027-03-16",
            "planned",
            "Follow-up roundtable on FLS commissioning",
            "DHSC, integrated care boards",
            "",
        ),
        (
            "ES",
            "2025-05-20",
            "held",
            "Mesa redonda sobre la fractura por fragilidad",
            "Ministerio de Sanidad, SEIOMM, SECOT",
            "Documento de consenso en preparación",
        ),
    ] {
        let r = RoundtableInput {
            held_on: held_on.into(),
            status: status.into(),
            subject: subject.into(),
            participants: participants.into(),
            agenda: String::new(),
            outcomes: outcomes.into(),
            documents: String::new(),
            ..Default::default()
        };
        svc::save_roundtable(app, op, country, &r).await?;
    }
    for (country, subject, owner, due_on, status) in [
        (
            "GB",
            "Send the roundtable's summary to DHSC",
            "National lead, GB",
            "2025-11-30",
            "done",
        ),
        (
            "GB",
            "Brief integrated care boards on FLS commissioning",
            "Royal Osteoporosis Society",
            "2026-09-30",
            "in_progress",
        ),
        (
            "ES",
            "Proponer las FLS en la cartera de servicios",
            "SEIOMM",
            "2026-12-31",
            "open",
        ),
    ] {
        let a = ActionInput {
            subject: subject.into(),
            owner: owner.into(),
            due_on: due_on.into(),
            status: status.into(),
            ..Default::default()
        };
        svc::save_action(app, op, country, &a).await?;
    }
    Ok(())
}
