//! The demo's coalitions: one international, one regional, one national, with members at each
//! status, contacts and activities, made through the same use cases as the forms.

use liaison_app::coalitions as svc;
use liaison_app::{Actor, Result};
use liaison_domain::coalitions::{ActivityInput, CoalitionInput, ContactInput, MemberInput};

/// Organisation, kind, status, invited, joined, left.
type DemoMember = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);
/// Date, kind, outcome.
type DemoActivity = (&'static str, &'static str, &'static str);

struct DemoCoalition {
    name: &'static str,
    scope: &'static str,
    area: &'static str,
    description: &'static str,
    members: &'static [DemoMember],
    activities: &'static [DemoActivity],
    contact: (&'static str, &'static str, &'static str),
}

const COALITIONS: [DemoCoalition; 3] = [
    DemoCoalition {
        name: "Global Fragility Fracture Coalition",
        scope: "international",
        area: "",
        description: "Societies and patient organisations working for fracture liaison services in every country.",
        members: &[
            (
                "International Orthopaedic Society",
                "specialty_society",
                "joined",
                "2021-01-15",
                "2021-03-01",
                "",
            ),
            (
                "Bone Health Patients International",
                "patient_society",
                "joined",
                "2021-01-15",
                "2021-02-10",
                "",
            ),
            (
                "World Ageing Alliance",
                "ngo",
                "invited",
                "2025-09-01",
                "",
                "",
            ),
            (
                "Pharma Partner Ltd",
                "industry",
                "left",
                "2021-01-15",
                "2021-04-01",
                "2024-12-31",
            ),
        ],
        activities: &[
            (
                "2024-10-20",
                "campaign",
                "World Osteoporosis Day call to action, 40 countries",
            ),
            (
                "2025-05-14",
                "publication",
                "Position paper on secondary fracture prevention",
            ),
        ],
        contact: (
            "Dr Maria Lopes",
            "Secretary",
            "secretary@gffc.demo.liaison.test",
        ),
    },
    DemoCoalition {
        name: "Asia Pacific Fragility Fracture Alliance",
        scope: "regional",
        area: "asia_pacific",
        description: "A regional alliance for fracture liaison services and hip fracture care.",
        members: &[
            (
                "Asia Pacific Osteoporosis Society",
                "specialty_society",
                "joined",
                "2022-02-01",
                "2022-03-15",
                "",
            ),
            (
                "Regional Health Ministers Forum",
                "government_body",
                "invited",
                "2025-06-01",
                "",
                "",
            ),
        ],
        activities: &[(
            "2025-03-08",
            "meeting",
            "Regional roundtable: FLS in national plans",
        )],
        contact: ("Dr Kenji Sato", "Chair", "chair@apffa.demo.liaison.test"),
    },
    DemoCoalition {
        name: "Coalición Española por la Prevención de Fracturas",
        scope: "national",
        area: "ES",
        description: "Sociedades científicas, pacientes y administración sanitaria por la prevención de la segunda fractura.",
        members: &[
            (
                "Sociedad Española de Investigación Ósea",
                "specialty_society",
                "joined",
                "2023-01-10",
                "2023-02-01",
                "",
            ),
            (
                "Ministerio de Sanidad",
                "government_body",
                "joined",
                "2023-01-10",
                "2023-06-20",
                "",
            ),
            (
                "Asociación de Pacientes con Osteoporosis",
                "patient_society",
                "joined",
                "2023-01-10",
                "2023-01-30",
                "",
            ),
        ],
        activities: &[(
            "2025-02-12",
            "policy_submission",
            "Propuesta de inclusión de las FLS en la estrategia nacional",
        )],
        contact: (
            "Dra. Ana Ruiz",
            "Coordinadora",
            "coordinacion@cepf.demo.liaison.test",
        ),
    },
];

pub async fn seed(app: &liaison_app::App, op: &Actor) -> Result<()> {
    for c in &COALITIONS {
        let id = svc::create(
            app,
            op,
            &CoalitionInput {
                name: c.name.into(),
                scope: c.scope.into(),
                area: c.area.into(),
                description: c.description.into(),
            },
        )
        .await?;
        for (organisation, kind, status, invited, joined, left) in c.members {
            let m = MemberInput {
                id: String::new(),
                organisation: (*organisation).into(),
                kind: (*kind).into(),
                status: (*status).into(),
                invited_on: (*invited).into(),
                joined_on: (*joined).into(),
                left_on: (*left).into(),
            };
            svc::save_member(app, op, id, &m).await?;
        }
        for (held_on, kind, outcome) in c.activities {
            let a = ActivityInput {
                held_on: (*held_on).into(),
                kind: (*kind).into(),
                outcome: (*outcome).into(),
            };
            svc::add_activity(app, op, id, &a).await?;
        }
        let (name, role_title, email) = c.contact;
        let k = ContactInput {
            name: name.into(),
            role_title: role_title.into(),
            email: email.into(),
        };
        svc::add_contact(app, op, id, &k).await?;
    }
    Ok(())
}
