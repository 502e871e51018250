//! `liaison-bench library --database URL [--versions N] [--searches N]`: fill the library with
//! N resource versions (default 20,000; generated text in seven languages, in transactions of
//! 1,000 through the store, without audit rows: bench data) and time searches as a visitor
//! and as an editor, printing p50 and p95 (docs/library.md; the goal is under 50 ms p95).

use liaison_app::Actor;
use liaison_app::app::App;
use liaison_app::library::{self as svc, Query};
use liaison_domain::lang::Lang;
use liaison_domain::library::{Resource, Version};
use std::time::Instant;

const WORDS: [&[&str]; 7] = [
    &[
        "fracture",
        "hip",
        "osteoporosis",
        "falls",
        "exercise",
        "treatment",
        "bone",
        "patient",
        "wrist",
        "spine",
    ],
    &[
        "fractura",
        "cadera",
        "osteoporosis",
        "caídas",
        "ejercicio",
        "tratamiento",
        "hueso",
        "paciente",
    ],
    &[
        "fracture",
        "hanche",
        "ostéoporose",
        "chutes",
        "exercice",
        "traitement",
        "os",
        "patient",
    ],
    &[
        "fratura",
        "anca",
        "osteoporose",
        "quedas",
        "exercício",
        "tratamento",
        "osso",
        "doente",
    ],
    &[
        "كسر",
        "الورك",
        "هشاشة",
        "العظام",
        "السقوط",
        "تمارين",
        "علاج",
        "المريض",
    ],
    &[
        "骨折",
        "髋部",
        "骨质疏松",
        "跌倒",
        "运动",
        "治疗",
        "骨骼",
        "患者",
    ],
    &[
        "骨折",
        "股関節",
        "骨粗しょう症",
        "転倒",
        "運動",
        "治療",
        "骨",
        "患者",
    ],
];

fn text(lang: usize, i: usize, n: usize) -> String {
    let w = WORDS[lang];
    let sep = if lang >= 5 { "" } else { " " };
    (0..n)
        .map(|k| w[(i * 7 + k * 13 + k * k) % w.len()])
        .collect::<Vec<_>>()
        .join(sep)
}

pub async fn run(app: &App, args: &[String]) -> Result<(), String> {
    let n: usize = super::arg(args, "--versions", "20000")
        .parse()
        .map_err(|_| "--versions N")?;
    let searches: usize = super::arg(args, "--searches", "200")
        .parse()
        .map_err(|_| "--searches N")?;
    let e = |e: liaison_store::StoreError| e.to_string();
    let t = Instant::now();
    let mut made = 0;
    while made < n {
        let mut tx = app.db.begin().await.map_err(e)?;
        for _ in 0..1000.min(n - made) {
            let i = made;
            let r = Resource {
                category: liaison_domain::library::CATEGORIES[i % 7].to_string(),
                audiences: vec!["fls_staff"],
                tags: vec![],
                countries: vec![],
                visibility: ["public", "signed_in", "mentors"][i % 3],
                review_by: None,
            };
            let id = liaison_store::library::save(&mut tx, None, &r, None, app.now())
                .await
                .map_err(e)?;
            let lang = i % 7;
            let v = Version {
                language: Lang::ALL[lang],
                title: text(lang, i, 4),
                summary: text(lang, i + 1, 20),
                body: text(lang, i + 2, 200),
                links: vec![],
            };
            liaison_store::library::save_version(&mut tx, id, &v, None, app.now())
                .await
                .map_err(e)?;
            liaison_store::library::publish(&mut tx, id, app.now())
                .await
                .map_err(e)?;
            made += 1;
        }
        tx.commit().await.map_err(e)?;
    }
    println!(
        "library: {n} versions stored in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let queries = [
        "fractura cadera",
        "hip fracture",
        "كسر",
        "骨折",
        "治療",
        "osteoporose",
        "exercise falls patient",
        "zzz",
    ];
    let editor = Actor::operator();
    for (who, actor) in [("visitor", None), ("editor", Some(&editor))] {
        let mut times = Vec::with_capacity(searches);
        let mut found = 0;
        for i in 0..searches {
            let q = Query {
                q: queries[i % queries.len()].into(),
                ..Default::default()
            };
            let t = Instant::now();
            found += svc::search(app, actor, Lang::En, &q)
                .await
                .map_err(|e| e.to_string())?
                .len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "library search as {who} ({} engine): p50 {:.1} ms, p95 {:.1} ms over {searches} searches ({found} results)",
            app.db.engine(),
            at(0.5),
            at(0.95)
        );
    }
    Ok(())
}
