//! Demo data for `liaison serve --demo`: FLSs in every region and one sign-in per role.

use liaison_app::app::App;
use liaison_app::users::GrantInput;
use liaison_app::{Actor, Result, orgs, users};
use liaison_domain::org::FlsInput;
use liaison_domain::programme::framework::Level;

pub const PASSWORD: &str = "liaison-demo-2026";

/// (code, name, hospital, city, country, expected non-spine, expected spine, groups)
type DemoFls = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
);
const FLS: &[DemoFls] = &[
    (
        "GB-GLA",
        "Glasgow FLS",
        "Glasgow Royal Infirmary",
        "Glasgow",
        "GB",
        280,
        36,
        "hip;other_inpatient;outpatient;vertebral",
    ),
    (
        "GB-LDN",
        "North London FLS",
        "Whittington Hospital",
        "London",
        "GB",
        220,
        24,
        "hip;other_inpatient;outpatient",
    ),
    (
        "GB-MAN",
        "Manchester FLS",
        "Salford Royal",
        "Manchester",
        "GB",
        250,
        30,
        "hip;outpatient;vertebral",
    ),
    (
        "ES-MAD",
        "Unidad de Fractura Madrid",
        "Hospital La Paz",
        "Madrid",
        "ES",
        180,
        18,
        "hip;other_inpatient;outpatient",
    ),
    (
        "ES-BCN",
        "FLS Barcelona",
        "Hospital del Mar",
        "Barcelona",
        "ES",
        170,
        16,
        "hip;outpatient",
    ),
    (
        "ES-VLC",
        "FLS Valencia",
        "Hospital La Fe",
        "València",
        "ES",
        140,
        12,
        "hip;other_inpatient",
    ),
    (
        "FR-LYO",
        "Filière Fracture Lyon",
        "Hôpital Édouard Herriot",
        "Lyon",
        "FR",
        160,
        14,
        "hip;other_inpatient;outpatient",
    ),
    (
        "BR-SAO",
        "FLS São Paulo",
        "Hospital das Clínicas",
        "São Paulo",
        "BR",
        300,
        26,
        "hip;other_inpatient",
    ),
    (
        "AR-BUE",
        "FLS Buenos Aires",
        "Hospital Italiano",
        "Buenos Aires",
        "AR",
        120,
        10,
        "hip;outpatient",
    ),
    (
        "MX-MTY",
        "FLS Monterrey",
        "Hospital Universitario",
        "Monterrey",
        "MX",
        100,
        8,
        "hip",
    ),
    (
        "SA-RUH",
        "وحدة كسور الرياض",
        "King Saud University Medical City",
        "Riyadh",
        "SA",
        130,
        12,
        "hip;other_inpatient",
    ),
    (
        "EG-CAI",
        "FLS Cairo",
        "Kasr Al Ainy",
        "Cairo",
        "EG",
        140,
        10,
        "hip",
    ),
    (
        "JP-TKY",
        "東京骨折リエゾン",
        "Tokyo Medical University Hospital",
        "Tokyo",
        "JP",
        240,
        40,
        "hip;other_inpatient;outpatient;vertebral",
    ),
    (
        "CN-SHA",
        "上海骨折联络服务",
        "Ruijin Hospital",
        "Shanghai",
        "CN",
        260,
        32,
        "hip;other_inpatient",
    ),
    (
        "AU-SYD",
        "Sydney FLS",
        "Concord Repatriation General Hospital",
        "Sydney",
        "AU",
        180,
        22,
        "hip;other_inpatient;outpatient;vertebral",
    ),
    (
        "US-BOS",
        "Boston FLS",
        "Brigham and Women's Hospital",
        "Boston",
        "US",
        320,
        40,
        "hip;other_inpatient;outpatient",
    ),
    (
        "CA-TOR",
        "Toronto FLS",
        "St. Michael's Hospital",
        "Toronto",
        "CA",
        200,
        20,
        "hip;outpatient",
    ),
    (
        "ZA-CPT",
        "Cape Town FLS",
        "Groote Schuur Hospital",
        "Cape Town",
        "ZA",
        100,
        6,
        "hip",
    ),
    (
        "NG-LAG",
        "Lagos FLS",
        "Lagos University Teaching Hospital",
        "Lagos",
        "NG",
        60,
        4,
        "hip",
    ),
];

/// (e-mail, name, role, fls, country, region)
pub const USERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "admin@demo.liaison.test",
        "Alex Admin",
        "administrator",
        "",
        "",
        "",
    ),
    (
        "reviewer@demo.liaison.test",
        "Rita Reviewer",
        "programme_reviewer",
        "",
        "",
        "",
    ),
    (
        "editor@demo.liaison.test",
        "Eli Editor",
        "programme_editor",
        "",
        "",
        "",
    ),
    (
        "national.gb@demo.liaison.test",
        "Nia National (GB)",
        "national_lead",
        "",
        "GB",
        "",
    ),
    (
        "regional.europe@demo.liaison.test",
        "Rui Regional (Europe)",
        "regional_lead",
        "",
        "",
        "europe",
    ),
    (
        "mentor@demo.liaison.test",
        "Maya Mentor",
        "mentor",
        "ES-MAD",
        "",
        "",
    ),
    (
        "lead.gla@demo.liaison.test",
        "Lena Lead (Glasgow)",
        "fls_lead",
        "GB-GLA",
        "",
        "",
    ),
    (
        "nurse.gla@demo.liaison.test",
        "Noor Nurse (Glasgow)",
        "fls_clinician",
        "GB-GLA",
        "",
        "",
    ),
    (
        "viewer.gla@demo.liaison.test",
        "Vic Viewer (Glasgow)",
        "viewer",
        "GB-GLA",
        "",
        "",
    ),
    (
        "nurse.ruh@demo.liaison.test",
        "نورة (الرياض)",
        "fls_clinician",
        "SA-RUH",
        "",
        "",
    ),
];

/// Years of episodes the demo generates.
const DEMO_YEARS: u32 = 3;

/// Fill an empty registry with the demo organisations, users and patients.
pub async fn seed(app: &App) -> Result<()> {
    let op = Actor::operator();
    for (i, (code, name, hospital, city, country, ns, sp, groups)) in FLS.iter().enumerate() {
        let input = FlsInput {
            code: code.to_string(),
            name: name.to_string(),
            hospital: hospital.to_string(),
            city: city.to_string(),
            country: country.to_string(),
            patient_groups: groups.to_string(),
            expected_non_spine_per_year: ns.to_string(),
            expected_spine_per_year: sp.to_string(),
            catchment_population_50_plus: (ns * 180).to_string(),
            start_date: START_DATES[i % START_DATES.len()].into(),
            contact_name: "FLS coordinator".into(),
            ..Default::default()
        };
        orgs::save_fls(app, &op, &input).await?;
    }
    for (email, name, role, fls, country, region) in USERS {
        let gi = GrantInput {
            role: role.to_string(),
            fls: fls.to_string(),
            country: country.to_string(),
            region: region.to_string(),
        };
        let mut grants = vec![users::parse_grant(app, &op, &gi).await?];
        if *role == "mentor" {
            let more = GrantInput {
                fls: "BR-SAO".into(),
                ..gi
            };
            grants.push(users::parse_grant(app, &op, &more).await?);
        }
        let u = users::create_user(app, &op, email, name, Some(PASSWORD), &grants).await?;
        if email.ends_with("ruh@demo.liaison.test") {
            liaison_store::users::set_language(&app.db, u.user.id, Some("ar")).await?;
        }
    }
    seed_patients(app, &op).await?;
    for code in PUBLISH_STATISTICS {
        orgs::set_publish_statistics(app, &op, code, true).await?;
    }
    // Before the programme, so the self-assessments carry the audit's suggestions.
    crate::demo_facilities::seed(app, &op).await?;
    seed_objectives(app, &op).await?;
    crate::demo_coalitions::seed(app, &op).await?;
    crate::demo_mentorship::seed(app, &op).await?;
    crate::demo_library::seed(app, &op).await?;
    crate::demo_events::seed(app, &op).await?;
    crate::demo_policy::seed(app, &op).await?;
    seed_programme(app, &op).await
}

/// The FLSs' start dates, in the order of `FLS`: spread over 2018–2025 so the objectives
/// dashboard shows services growing from the 2020 baseline towards its double.
const START_DATES: &[&str] = &[
    "2018-03-01",
    "2018-09-03",
    "2019-02-04",
    "2019-06-03",
    "2019-10-01",
    "2020-01-13",
    "2020-06-01",
    "2020-11-02",
    "2021-01-04",
    "2021-05-03",
    "2021-09-01",
    "2022-02-01",
    "2022-07-04",
    "2023-01-09",
    "2023-06-01",
    "2024-01-08",
    "2024-06-03",
    "2025-01-06",
    "2025-04-01",
];

/// Population figures with their sources, for the objectives dashboard.
async fn seed_objectives(app: &App, op: &Actor) -> Result<()> {
    use liaison_domain::objectives::PopulationInput;
    for (area, year, people, hip, source) in [
        (
            "GB",
            "2020",
            "25600000",
            "76000",
            "Office for National Statistics, mid-2020 population estimates; NHFD annual report 2021",
        ),
        (
            "ES",
            "2020",
            "20100000",
            "",
            "Instituto Nacional de Estadística, Padrón continuo 2020",
        ),
        (
            "JP",
            "2020",
            "71700000",
            "",
            "Statistics Bureau of Japan, 2020 Population Census",
        ),
    ] {
        let input = PopulationInput {
            area: area.into(),
            year: year.into(),
            people_50_plus: people.into(),
            hip_fractures: hip.into(),
            source: source.into(),
        };
        liaison_app::objectives::save_population(app, op, &input).await?;
    }
    seed_applications(app, op).await
}

/// (hospital, city, country, contact, patient groups, wants a mentor, the stages it moved to).
type DemoApplication = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

/// Applications to join the network at different stages, one of them a second application
/// for the same hospital (flagged), so the pipeline has something to show per country.
async fn seed_applications(app: &App, op: &Actor) -> Result<()> {
    use liaison_domain::network::ApplicationInput;
    let list: [DemoApplication; 6] = [
        (
            "Hospital Universitario La Paz",
            "Madrid",
            "ES",
            "Ana García",
            "hip,vertebral",
            "yes",
            &["contacted", "mentored"],
        ),
        (
            "Hospital universitario la Paz",
            "Madrid",
            "ES",
            "Jorge Ruiz",
            "hip",
            "",
            &[],
        ),
        (
            "Hospital das Clínicas",
            "Porto Alegre",
            "BR",
            "Mariana Souza",
            "hip,other_inpatient,outpatient,vertebral",
            "yes",
            &["contacted"],
        ),
        (
            "Royal Infirmary of Edinburgh",
            "Edinburgh",
            "GB",
            "Fiona Campbell",
            "hip,outpatient",
            "",
            &["contacted", "started", "assessed"],
        ),
        (
            "Kenyatta National Hospital",
            "Nairobi",
            "KE",
            "Wanjiru Kamau",
            "hip",
            "yes",
            &[],
        ),
        (
            "Osaka University Hospital",
            "Osaka",
            "JP",
            "佐藤 花子",
            "hip,vertebral",
            "",
            &["declined"],
        ),
    ];
    for (i, (hospital, city, country, name, groups, mentor, moves)) in list.iter().enumerate() {
        let input = ApplicationInput {
            hospital: hospital.to_string(),
            city: city.to_string(),
            country: country.to_string(),
            contact_name: name.to_string(),
            contact_email: format!("applicant{i}@demo.liaison.test"),
            patient_groups: groups.to_string(),
            wants_mentor: mentor.to_string(),
            message: String::new(),
        };
        let row = liaison_app::network::apply(app, "demo", &input).await?;
        for m in *moves {
            liaison_app::network::move_to(app, op, row.id, m).await?;
        }
    }
    Ok(())
}

/// Services whose leads publish their figures on the public statistics page (the others do
/// not, so the page shows both kinds). Each FLS's performance differs (the generator's
/// multipliers), so the outlier report has services outside the limits to show.
pub const PUBLISH_STATISTICS: &[&str] = &["GB-GLA", "ES-MAD", "JP-TKY"];

/// (FLS, where its Best Practice Framework self-assessment stands, the level its answers
/// usually reach, its Getting to Gold step): so the Map of Best Practice, the review queue and
/// Getting to Gold have something to show.
const PROGRAMME: &[(&str, &str, Level, &str)] = &[
    ("GB-GLA", "approved", Level::Gold, "4"),
    ("GB-LDN", "approved", Level::Silver, "3"),
    ("ES-MAD", "approved", Level::Silver, "3"),
    ("FR-LYO", "approved", Level::Bronze, "2"),
    ("BR-SAO", "approved", Level::Bronze, "2"),
    ("JP-TKY", "approved", Level::Silver, "3"),
    ("AU-SYD", "approved", Level::Gold, "4"),
    ("SA-RUH", "submitted", Level::Bronze, "2"),
    ("MX-MTY", "submitted", Level::Silver, "2"),
    ("NG-LAG", "draft", Level::Bronze, "1"),
];

/// Self-assessments made through the same use cases as the forms: the registry's suggestions
/// taken where it has them, the FLS's usual level elsewhere with a step down now and then;
/// approved ones with the levels their answers score, and published.
async fn seed_programme(app: &App, op: &Actor) -> Result<()> {
    use liaison_app::programme::{self, Draft, Review, Target};
    use liaison_domain::programme::framework::{NONE, question_key};
    use liaison_domain::programme::scoring::{self, Answer, Answers};
    let all = liaison_domain::access::FlsSet::All;
    let fw = programme::current_framework(app).await?;
    for (i, (code, status, usual, step)) in PROGRAMME.iter().enumerate() {
        let Some(fls) = liaison_store::orgs::fls_by_code(&app.db, &all, code).await? else {
            continue;
        };
        let mut prefill = fw.fw.prefill(&programme::measures(app, &fls).await?);
        // The facilities audit's suggestions are taken like the registry's.
        prefill.extend(liaison_app::facilities::bpf_suggestions(app, &fls, &fw.fw).await?);
        let mut answers = Answers::new();
        for (q, (st, d)) in fw.fw.questions().into_iter().enumerate() {
            let key = question_key(&st.id, &d.id);
            // The demo registry holds a few hundred patients per FLS, far below their
            // caseloads, so its identification figures suggest "none"; the teams answer from
            // their own audits instead, with the reason the form asks for.
            let mut reason = String::new();
            match prefill.get(&key) {
                Some(p) if p.option != NONE => {
                    answers.insert(
                        key,
                        Answer {
                            option: p.option.clone(),
                            reason,
                        },
                    );
                    continue;
                }
                Some(_) => {
                    reason = "The registry holds only the patients entered since go-live; the \
                              hospital's own audit shows this level."
                        .into();
                }
                None => {}
            }
            let want = if (q + i) % 4 == 0 {
                match usual {
                    Level::Gold => Level::Silver,
                    _ => Level::Bronze,
                }
            } else {
                *usual
            };
            if let Some(o) = st.options.iter().find(|o| o.level == Some(want)) {
                answers.insert(
                    key,
                    Answer {
                        option: o.id.clone(),
                        reason,
                    },
                );
            }
        }
        let draft = Draft {
            answers: answers.clone(),
            publish: true,
            publish_city: true,
            submit: *status != "draft",
        };
        programme::save(app, op, &fls, &draft).await?;
        if *status == "approved" {
            let score = scoring::score(&fw.fw, &answers);
            let mut levels: std::collections::BTreeMap<String, String> = score
                .domains
                .iter()
                .map(|d| (d.domain.clone(), d.level.code().to_string()))
                .collect();
            levels.insert("overall".into(), score.overall.code().to_string());
            let review = Review {
                action: "approve".into(),
                comment: "Checked against the registry's figures.".into(),
                levels,
            };
            programme::review(app, op, &fls, &review).await?;
        }
        programme::set_step(app, op, Target::Fls(&fls), step).await?;
    }
    Ok(())
}

/// Synthetic patients for every demo FLS, each FLS with its own performance (the generator
/// gives each code its own multipliers) and registering its own share of its expected
/// caseload, the same on every run.
async fn seed_patients(app: &App, op: &Actor) -> Result<()> {
    use crate::generate::{GenFls, GenOptions, generate_episodes, realistic_episodes};
    let all = liaison_domain::access::FlsSet::All;
    let mut rows = Vec::new();
    for (code, ..) in FLS {
        if let Some(f) = liaison_store::orgs::fls_by_code(&app.db, &all, code).await? {
            rows.push(f);
        }
    }
    let gen_fls: Vec<GenFls> = rows
        .iter()
        .map(|f| GenFls {
            code: f.code.clone(),
            name: f.name.clone(),
            country: f.country.clone(),
            city: f.city.clone(),
            expected_non_spine_per_year: f.expected_non_spine_per_year,
            expected_spine_per_year: f.expected_spine_per_year,
        })
        .collect();
    // The earliest "today" of the FLSs' time zones, so no date is in any FLS's future.
    let Some(today) = rows
        .iter()
        .map(|f| liaison_app::episodes::today_in(app.now(), &f.time_zone))
        .min()
    else {
        return Ok(());
    };
    let mut opts = GenOptions {
        seed: 2026,
        fls: gen_fls.len(),
        episodes: 0,
        end: today,
        years: DEMO_YEARS,
    };
    opts.episodes = realistic_episodes(&opts, &gen_fls);
    let mut by_fls: std::collections::HashMap<String, Vec<_>> = std::collections::HashMap::new();
    generate_episodes(&opts, &gen_fls, |e| {
        by_fls.entry(e.fls_code.clone()).or_default().push(e)
    });
    for f in &rows {
        if let Some(inputs) = by_fls.get(&f.code) {
            liaison_app::episodes::seed(app, op, f, inputs).await?;
        }
    }
    Ok(())
}
