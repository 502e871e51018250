//! The demo's resource library: a dozen resources in several categories and languages, made
//! through the same use cases as the forms. Among them an Arabic patient leaflet with a small
//! PDF, a mentors-only item and a draft. The texts are short summaries written for the demo,
//! not copies of published material.

use liaison_app::library as svc;
use liaison_app::{Actor, Result};
use liaison_domain::library::{ResourceInput, VersionInput};

/// (language, title, summary, body)
type Text = (&'static str, &'static str, &'static str, &'static str);

struct DemoResource {
    category: &'static str,
    audiences: &'static str,
    tags: &'static str,
    countries: &'static str,
    visibility: &'static str,
    publish: bool,
    texts: &'static [Text],
    links: &'static str,
    /// A PDF leaflet attached to this language's version.
    pdf: Option<&'static str>,
}

const RESOURCES: &[DemoResource] = &[
    DemoResource {
        category: "patient_information",
        audiences: "patients",
        tags: "leaflet, hip fracture",
        countries: "SA, EG, AE",
        visibility: "public",
        publish: true,
        texts: &[
            (
                "ar",
                "نشرة للمريض: بعد كسر الورك",
                "ما معنى كسر الهشاشة، وما الذي ستفعله خدمة الربط بعد الكسر، وكيف تحمي عظامك.",
                "## ما هو كسر الهشاشة؟\n\nكسرٌ يحدث بعد سقوط بسيط من وضعية الوقوف. قد يكون علامة على **هشاشة العظام**.\n\n## ماذا ستفعل الخدمة؟\n\n- تقييم خطر الكسر\n- فحص كثافة العظام عند الحاجة\n- وصف علاج يقوّي العظام ومتابعته\n\nاسأل فريقك عن التمارين والوقاية من السقوط.",
            ),
            (
                "en",
                "Patient leaflet: after a hip fracture",
                "What a fragility fracture means, what the fracture liaison service will do, and how to protect your bones.",
                "## What is a fragility fracture?\n\nA break after a fall from standing height or less. It can be a sign of **osteoporosis**.\n\n## What will the service do?\n\n- assess your risk of another fracture\n- arrange a bone density scan if needed\n- start and follow up a bone-strengthening treatment\n\nAsk your team about exercise and preventing falls.",
            ),
        ],
        links: "",
        pdf: Some("ar"),
    },
    DemoResource {
        category: "patient_information",
        audiences: "patients",
        tags: "folleto, fractura",
        countries: "ES, MX, AR",
        visibility: "public",
        publish: true,
        texts: &[(
            "es",
            "Fracturas por fragilidad: lo que debe saber",
            "Una fractura tras una caída leve puede indicar osteoporosis; el tratamiento reduce el riesgo de nuevas fracturas.",
            "Después de una **fractura de cadera** o de muñeca, la unidad de coordinación de fracturas le ofrecerá una valoración del riesgo, una densitometría si hace falta y un tratamiento para proteger el hueso.\n\nPregunte por el ejercicio y la prevención de caídas.",
        )],
        links: "",
        pdf: None,
    },
    DemoResource {
        category: "mentorship_workshop",
        audiences: "fls_staff, mentors",
        tags: "workshop, set-up",
        countries: "",
        visibility: "signed_in",
        publish: true,
        texts: &[
            (
                "en",
                "Setting up an FLS: workshop slides",
                "The mentorship workshop's slides: case finding, the team, the first year's data.",
                "Use these slides in the first mentorship workshop. They walk through **identifying** patients, **investigating** their bone health and **initiating** treatment, and how to record each step in the registry.",
            ),
            (
                "fr",
                "Créer une FLS : diapositives de l'atelier",
                "Les diapositives de l'atelier de mentorat : repérage des patients, l'équipe, les données de la première année.",
                "Pour le premier atelier de mentorat : **identifier** les patients, **évaluer** leur santé osseuse et **débuter** un traitement, et saisir chaque étape dans le registre.",
            ),
        ],
        links: "https://www.capturethefracture.org/",
        pdf: None,
    },
    DemoResource {
        category: "bpf",
        audiences: "fls_staff",
        tags: "BPF, self-assessment",
        countries: "",
        visibility: "public",
        publish: true,
        texts: &[(
            "en",
            "Best Practice Framework: a guide to the thirteen standards",
            "Each standard of the Best Practice Framework in plain words, with the evidence a reviewer looks for.",
            "The framework's standards cover patient identification, evaluation, the timing of the assessment, vertebral fractures, guidelines, secondary causes, falls prevention, a multifaceted risk assessment, medication initiation and review, communication, long-term management and the database.",
        )],
        links: "",
        pdf: None,
    },
    DemoResource {
        category: "getting_to_gold",
        audiences: "fls_staff, mentors",
        tags: "Getting to Gold, plan",
        countries: "",
        visibility: "signed_in",
        publish: true,
        texts: &[(
            "pt",
            "Getting to Gold: exemplos de planos de melhoria",
            "Planos de serviços que passaram de bronze a prata, marco a marco.",
            "Cada plano mostra os **marcos**, as datas e a evidência apresentada. Use-os como modelo para o plano do seu serviço.",
        )],
        links: "",
        pdf: None,
    },
    DemoResource {
        category: "train_the_trainer",
        audiences: "mentors",
        tags: "mentor, training",
        countries: "",
        visibility: "mentors",
        publish: true,
        texts: &[(
            "en",
            "Mentor handbook: running a site visit",
            "For mentors only: how to prepare, run and follow up a mentoring site visit.",
            "Before the visit, read the service's self-assessment. During the visit, meet the team and walk the patient pathway. Afterwards, agree three actions with dates.",
        )],
        links: "",
        pdf: None,
    },
    DemoResource {
        category: "benefit_calculator",
        audiences: "fls_staff, policy_makers",
        tags: "calculator, business case",
        countries: "",
        visibility: "public",
        publish: true,
        texts: &[
            (
                "en",
                "Making the business case with the FLS benefit calculator",
                "How to fill in the calculator and present its results to a hospital board.",
                "Enter your catchment population and fracture counts, then compare the fractures and costs avoided with the cost of the service.",
            ),
            (
                "zh-Hans",
                "用效益计算器论证骨折联络服务",
                "如何填写计算器并向医院管理层介绍结果，减少再次骨折。",
                "输入服务覆盖人口和骨折数量，比较可避免的骨折和费用与服务成本。",
            ),
        ],
        links: "",
        pdf: None,
    },
    DemoResource {
        category: "policy_advocacy",
        audiences: "policy_makers",
        tags: "policy, national plan",
        countries: "",
        visibility: "public",
        publish: true,
        texts: &[(
            "en",
            "Policy brief: secondary fracture prevention in national plans",
            "Why national plans should fund fracture liaison services, in two pages.",
            "Half of hip fracture patients have broken a bone before. A fracture liaison service finds them after the first fracture and starts treatment, preventing the next one.",
        )],
        links: "",
        pdf: None,
    },
    DemoResource {
        category: "patient_information",
        audiences: "patients",
        tags: "骨折, 患者",
        countries: "JP",
        visibility: "public",
        publish: true,
        texts: &[(
            "ja",
            "骨折のあとに：骨粗しょう症の治療について",
            "軽い転倒での骨折は骨粗しょう症のサインかもしれません。治療で次の骨折を防ぎます。",
            "骨折リエゾンサービスでは、**骨密度検査**、治療の開始、そして継続を支援します。転倒予防の運動についても相談してください。",
        )],
        links: "",
        pdf: None,
    },
    DemoResource {
        category: "patient_information",
        audiences: "patients",
        tags: "骨折, 药物",
        countries: "CN",
        visibility: "public",
        publish: true,
        texts: &[(
            "zh-Hans",
            "骨折后的骨质疏松治疗",
            "轻微跌倒导致的骨折可能是骨质疏松症的信号，治疗可以预防再次骨折。",
            "骨折联络服务会评估您的骨折风险，必要时安排骨密度检查，并开始和随访治疗。",
        )],
        links: "",
        pdf: None,
    },
    DemoResource {
        category: "mentorship_workshop",
        audiences: "fls_staff",
        tags: "video, workshop",
        countries: "",
        visibility: "public",
        publish: true,
        texts: &[(
            "en",
            "Video: a day in a fracture liaison service",
            "A short film of a coordinator's day, linked rather than uploaded.",
            "Watch how a coordinator finds patients on the ward and in the fracture clinic, and how the team follows them up at 16 and 52 weeks.",
        )],
        links: "https://www.osteoporosis.foundation/",
        pdf: None,
    },
    DemoResource {
        category: "getting_to_gold",
        audiences: "fls_staff",
        tags: "draft",
        countries: "",
        visibility: "public",
        publish: false,
        texts: &[(
            "en",
            "Getting to Gold: evidence checklist (draft)",
            "Being written: the evidence each milestone asks for.",
            "This checklist will list, milestone by milestone, the documents a reviewer accepts.",
        )],
        links: "",
        pdf: None,
    },
];

/// A minimal one-page PDF (PDF 1.4, Helvetica, ASCII text), with its cross-reference table
/// computed so readers open it without repair.
pub fn tiny_pdf(line: &str) -> Vec<u8> {
    let text: String = line
        .chars()
        .filter(|c| c.is_ascii() && !matches!(c, '(' | ')' | '\\'))
        .collect();
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

pub async fn seed(app: &liaison_app::app::App, op: &Actor) -> Result<()> {
    for r in RESOURCES {
        let meta = ResourceInput {
            category: r.category.into(),
            audiences: r.audiences.into(),
            tags: r.tags.into(),
            countries: r.countries.into(),
            visibility: r.visibility.into(),
            review_by: "2027-06-30".into(),
        };
        let version = |t: &Text| VersionInput {
            language: t.0.into(),
            title: t.1.into(),
            summary: t.2.into(),
            body: t.3.into(),
            links: r.links.into(),
        };
        let id = svc::create(app, op, &meta, &version(&r.texts[0])).await?;
        for t in &r.texts[1..] {
            svc::save_version(app, op, id, &version(t), false).await?;
        }
        if let Some(lang) = r.pdf {
            let pdf = tiny_pdf("Fragility fracture - patient leaflet");
            svc::add_file(app, op, id, lang, "نشرة كسر الورك.pdf", &pdf).await?;
        }
        if r.publish {
            svc::publish(app, op, id).await?;
        }
    }
    Ok(())
}
