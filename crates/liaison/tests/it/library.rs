//! The resource library (issue 16): who sees what, search in five languages with the same
//! results on both engines, bad input refused with field, value and rule and nothing stored,
//! files checked by content and downloaded as attachments, editors' versions and history,
//! every write audited.

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, header};
use liaison_app::Actor;
use liaison_app::library as svc;
use liaison_domain::lang::Lang;
use liaison_domain::library::{ResourceInput, VersionInput};

pub async fn resource(
    t: &TestApp,
    visibility: &str,
    publish: bool,
    lang: &str,
    title: &str,
    body: &str,
) -> i64 {
    let meta = ResourceInput {
        category: "patient_information".into(),
        audiences: "patients".into(),
        visibility: visibility.into(),
        ..Default::default()
    };
    let v = VersionInput {
        language: lang.into(),
        title: title.into(),
        body: body.into(),
        ..Default::default()
    };
    let op = Actor::operator();
    let id = svc::create(&t.app, &op, &meta, &v).await.unwrap();
    if publish {
        svc::publish(&t.app, &op, id).await.unwrap();
    }
    id
}

/// A multipart upload of one file, as the editor's form sends it.
pub async fn upload(b: &mut Browser, path: &str, lang: &str, name: &str, bytes: &[u8]) -> Resp {
    if !b.cookies.contains_key("liaison_session") {
        b.get("/sign-in").await;
    }
    let csrf = b.csrf();
    let mut body = format!(
        "--X\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--X\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\n{lang}\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--X--\r\n");
    let cookies = b
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=X")
        .header(header::COOKIE, cookies)
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(body))
        .unwrap();
    b.send(req).await
}

async fn library() -> (TestApp, [i64; 4]) {
    let t = spawn().await;
    t.fls("GB-A", "GB").await;
    t.user("editor@x.org", "programme_editor", "").await;
    t.user("lead.a@x.org", "fls_lead", "GB-A").await;
    t.user("mentor@x.org", "mentor", "GB-A").await;
    let public = resource(
        &t,
        "public",
        true,
        "en",
        "Hip fracture leaflet",
        "For patients.",
    )
    .await;
    let signed = resource(&t, "signed_in", true, "en", "Workshop slides", "For teams.").await;
    let mentors = resource(&t, "mentors", true, "en", "Mentor handbook", "For mentors.").await;
    let draft = resource(&t, "public", false, "en", "Draft checklist", "Not yet.").await;
    (t, [public, signed, mentors, draft])
}

#[tokio::test]
async fn each_reader_sees_what_their_rights_allow_and_nothing_else_exists() {
    let (t, [public, signed, mentors, draft]) = library().await;
    let titles = |r: &Resp| r.texts(".resources .resource a");
    let anon = t.browser().get("/resources").await;
    assert_eq!(titles(&anon), ["Hip fracture leaflet"]);
    let mut lead = t.signed_in("lead.a@x.org").await;
    let mut got = titles(&lead.get("/resources").await);
    got.sort();
    assert_eq!(got, ["Hip fracture leaflet", "Workshop slides"]);
    let mut mentor = t.signed_in("mentor@x.org").await;
    assert_eq!(titles(&mentor.get("/resources").await).len(), 3);
    let mut editor = t.signed_in("editor@x.org").await;
    assert_eq!(titles(&editor.get("/resources").await).len(), 4);

    let mut browsers = [t.browser(), lead, mentor, editor];
    for (who, id, status) in [
        (0, public, 200),
        (0, signed, 404),
        (0, mentors, 404),
        (0, draft, 404),
        (1, signed, 200),
        (1, mentors, 404),
        (1, draft, 404),
        (2, mentors, 200),
        (2, draft, 404),
        (3, draft, 200),
    ] {
        let r = browsers[who].get(&format!("/resources/{id}")).await;
        assert_eq!(r.status, status, "reader {who}, resource {id}");
    }
    // The API answers a visitor as the page does.
    let r = t.browser().get("/api/v1/resources").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        t.browser()
            .get(&format!("/api/v1/resources/{mentors}"))
            .await
            .status,
        404
    );
    assert_eq!(
        t.browser()
            .get(&format!("/api/v1/resources/{public}"))
            .await
            .json()["versions"][0]["title"],
        "Hip fracture leaflet"
    );
    // A lead's refusal is in the trail.
    assert!(t.count_audit("authorisation_denied").await > 0);
}

async fn found(t: &TestApp, q: &str) -> Vec<String> {
    let hits = svc::search(
        &t.app,
        None,
        Lang::En,
        &svc::Query {
            q: q.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut v: Vec<String> = hits.into_iter().map(|h| h.title).collect();
    v.sort();
    v
}

#[tokio::test]
async fn search_finds_words_in_five_languages_whatever_the_marks() {
    let t = spawn().await;
    resource(
        &t,
        "public",
        true,
        "es",
        "Fractura de cadera",
        "Guía para pacientes.",
    )
    .await;
    resource(
        &t,
        "public",
        true,
        "es",
        "Prevenir nuevas fracturas",
        "Ejercicio y caídas.",
    )
    .await;
    resource(
        &t,
        "public",
        true,
        "en",
        "Osteoporosis medicines",
        "Bisphosphonates explained.",
    )
    .await;
    resource(
        &t,
        "public",
        true,
        "ar",
        "نشرة: كَسْرُ الوَرِكِ",
        "معلومات للمرضى.",
    )
    .await;
    resource(&t, "public", true, "ar", "أدوية هشاشة العظام", "").await;
    resource(
        &t,
        "public",
        true,
        "zh-Hans",
        "骨折后的治疗",
        "预防再次骨折。",
    )
    .await;
    resource(
        &t,
        "public",
        true,
        "ja",
        "骨粗しょう症の治療について",
        "次の骨折を防ぐ。",
    )
    .await;
    resource(&t, "public", false, "en", "Fracture draft", "").await;

    // Spanish: accents and case ignored, a word found inside a longer one.
    assert_eq!(
        found(&t, "fractura").await,
        ["Fractura de cadera", "Prevenir nuevas fracturas"]
    );
    assert_eq!(found(&t, "GUÍA cadera").await, ["Fractura de cadera"]);
    // English; a draft is never found by a visitor.
    assert_eq!(found(&t, "osteoporosis").await, ["Osteoporosis medicines"]);
    assert!(found(&t, "draft").await.is_empty());
    // Arabic without the harakat finds the vowelled title, and the reverse.
    assert_eq!(found(&t, "كسر الورك").await, ["نشرة: كَسْرُ الوَرِكِ"]);
    assert_eq!(found(&t, "أَدوية").await, ["أدوية هشاشة العظام"]);
    assert_eq!(found(&t, "ادويه").await, ["أدوية هشاشة العظام"]);
    // Chinese and Japanese by substring, two characters included.
    assert_eq!(
        found(&t, "骨折").await,
        ["骨折后的治疗", "骨粗しょう症の治療について"]
    );
    assert_eq!(found(&t, "治療").await, ["骨粗しょう症の治療について"]);
    assert!(found(&t, "骨盤").await.is_empty());
    // Every word must be found; a title match ranks first.
    let hits = svc::search(
        &t.app,
        None,
        Lang::En,
        &svc::Query {
            q: "fracturas".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(hits[0].title, "Prevenir nuevas fracturas");
    // The language filter.
    let es = svc::search(
        &t.app,
        None,
        Lang::En,
        &svc::Query {
            language: "ar".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(es.len(), 2);
    // The page's search box.
    let r = t.browser().get("/resources?q=%D9%83%D8%B3%D8%B1").await;
    assert_eq!(r.texts(".resources .resource a"), ["نشرة: كَسْرُ الوَرِكِ"]);
}

#[tokio::test]
async fn bad_input_is_refused_with_field_value_and_rule_and_nothing_is_stored() {
    let (t, [public, ..]) = library().await;
    let mut editor = t.signed_in("editor@x.org").await;
    let op = Actor::operator();
    let everything = svc::Query::default();
    let all = || svc::search(&t.app, Some(&op), Lang::En, &everything);
    let before = all().await.unwrap().len();
    // An empty title in the first language.
    let r = editor
        .post(
            "/resources",
            &[
                ("language", "en"),
                ("title", "  "),
                ("category", "bpf"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("Title"), "{}", r.body);
    // A javascript: link in the Markdown and a data: link in the links.
    let r = editor
        .post(
            "/resources",
            &[
                ("language", "en"),
                ("title", "Links"),
                ("category", "bpf"),
                ("visibility", "public"),
                ("body", "[click](javascript:alert(1))"),
                ("links", "data:text/html;base64,PHNjcmlwdD4="),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("javascript:alert(1)"), "{}", r.body);
    assert!(r.body.contains("data:text/html"), "{}", r.body);
    assert!(r.body.contains("not a safe link address"), "{}", r.body);
    // A second English version.
    let path = format!("/resources/{public}/versions");
    let r = editor
        .post(&path, &[("language", "en"), ("title", "Again")])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("already has a version"), "{}", r.body);
    // Nothing of that was stored.
    assert_eq!(all().await.unwrap().len(), before);
    assert_eq!(t.count_audit("resource.version").await, 0);

    // Files: an HTML page and an SVG renamed .pdf, and one over the limit.
    let files = format!("/resources/{public}/files");
    for (name, bytes) in [
        (
            "leaflet.pdf",
            &b"<!doctype html><script>alert(1)</script>"[..],
        ),
        (
            "leaflet.pdf",
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"[..],
        ),
    ] {
        let r = upload(&mut editor, &files, "en", name, bytes).await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains("leaflet.pdf") && r.body.contains("PDF, DOCX"));
    }
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(liaison_domain::library::DEFAULT_FILE_MAX_BYTES + 1, b' ');
    let r = upload(&mut editor, &files, "en", "big.pdf", &big).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("20 MB"), "{}", r.body);
    assert!(
        liaison_store::library::files(&t.app.db, public)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(t.count_audit("resource.file").await, 0);

    // Script in Markdown is stored as written but shown inert.
    let r = editor
        .post(
            &path,
            &[
                ("language", "fr"),
                ("title", "Dépliant"),
                (
                    "body",
                    "Bonjour <script>alert(1)</script> <img src=x onerror=alert(2)>",
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = t
        .browser()
        .get(&format!("/resources/{public}?lang=fr"))
        .await;
    assert!(!page.body.contains("<script>alert(1)"), "{}", page.body);
    assert!(!page.body.contains("<img src=x"), "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;"), "{}", page.body);
}

#[tokio::test]
async fn files_are_downloaded_as_attachments_of_their_real_type() {
    let (t, [public, _, mentors, _]) = library().await;
    let mut editor = t.signed_in("editor@x.org").await;
    let pdf = liaison_fixtures::demo_library::tiny_pdf("Leaflet");
    let r = upload(
        &mut editor,
        &format!("/resources/{public}/files"),
        "ar",
        "نشرة المريض.html",
        &pdf,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = upload(
        &mut editor,
        &format!("/resources/{mentors}/files"),
        "en",
        "handbook.pdf",
        &pdf,
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(t.count_audit("resource.file").await, 2);

    let page = t.browser().get(&format!("/resources/{public}")).await;
    let href = page.attr(".resource-file a", "href").expect("a file link");
    let r = t.browser().get(&href).await;
    assert_eq!(r.status, 200);
    let h = |k: header::HeaderName| r.headers.get(k).unwrap().to_str().unwrap().to_string();
    assert_eq!(h(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    let cd = h(header::CONTENT_DISPOSITION);
    // Named for what it is (a PDF), the Arabic name in RFC 5987 form.
    assert!(cd.starts_with("attachment; filename=\""), "{cd}");
    assert!(cd.contains(".pdf\"; filename*=UTF-8''"), "{cd}");
    assert!(cd.ends_with("%D8%B6.pdf"), "{cd}");
    assert!(!cd.contains(".html"), "{cd}");
    // A mentors-only file is not there for others.
    let files = liaison_store::library::files(&t.app.db, mentors)
        .await
        .unwrap();
    let path = format!("/resources/{mentors}/files/{}", files[0].id);
    assert_eq!(t.browser().get(&path).await.status, 404);
    assert_eq!(
        t.signed_in("lead.a@x.org").await.get(&path).await.status,
        404
    );
    assert_eq!(
        t.signed_in("mentor@x.org").await.get(&path).await.status,
        200
    );
}

#[tokio::test]
async fn an_editor_adds_a_language_edits_keeps_history_and_publishes() {
    let t = spawn().await;
    t.user("editor@x.org", "programme_editor", "").await;
    t.user("reviewer@x.org", "programme_reviewer", "").await;
    let mut editor = t.signed_in("editor@x.org").await;
    let r = editor
        .post(
            "/resources",
            &[
                ("language", "en"),
                ("title", "Falls and exercise"),
                ("summary", "Staying steady."),
                ("body", "# Exercise\n\n- balance\n- strength"),
                ("category", "patient_information"),
                ("audiences", "patients"),
                ("audiences", "fls_staff"),
                ("visibility", "public"),
                ("countries", "es, GB"),
                ("review_by", "2027-01-31"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let path = r.location();
    let id: i64 = path.rsplit('/').next().unwrap().parse().unwrap();
    // A draft: hidden from the public, and a reviewer does not edit.
    assert_eq!(t.browser().get(&path).await.status, 404);
    let mut reviewer = t.signed_in("reviewer@x.org").await;
    assert_eq!(reviewer.get(&path).await.status, 404);
    assert_eq!(
        reviewer.post(&format!("{path}/publish"), &[]).await.status,
        404
    );

    let r = editor
        .post(
            &format!("{path}/versions"),
            &[("language", "es"), ("title", "Caídas y ejercicio")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = editor
        .post(
            &format!("{path}/versions"),
            &[
                ("edit", "1"),
                ("language", "es"),
                ("title", "Caídas y ejercicio físico"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = editor.post(&format!("{path}/publish"), &[]).await;
    assert_eq!(r.status, 303);

    let page = t.browser().get(&path).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.texts("#resource-title"), ["Falls and exercise"]);
    assert!(page.body.contains("<h1>Exercise</h1>"));
    // A Spanish reader gets the Spanish version; a Japanese one the English, with a note.
    let mut es = t.browser();
    es.post("/language", &[("lang", "es")]).await;
    let p = es.get(&path).await;
    assert_eq!(p.texts("#resource-title"), ["Caídas y ejercicio físico"]);
    assert!(p.texts(".resource-fallback").is_empty());
    let mut ja = t.browser();
    ja.post("/language", &[("lang", "ja")]).await;
    let p = ja.get(&path).await;
    assert_eq!(p.texts("#resource-title"), ["Falls and exercise"]);
    assert!(p.texts(".resource-fallback")[0].contains("English"));

    let counts = liaison_store::library::history_counts(&t.app.db, id)
        .await
        .unwrap();
    assert_eq!(counts, [("en".to_string(), 1), ("es".to_string(), 2)]);
    for (action, n) in [
        ("resource.create", 1),
        ("resource.version", 2),
        ("resource.publish", 1),
    ] {
        assert_eq!(t.count_audit(action).await, n, "{action}");
    }
    let api = t
        .browser()
        .get(&format!("/api/v1/resources/{id}"))
        .await
        .json();
    assert_eq!(api["countries"], serde_json::json!(["ES", "GB"]));
    assert_eq!(
        api["audiences"],
        serde_json::json!(["patients", "fls_staff"])
    );
    assert_eq!(api["versions"][1]["revision"], 2);
}

#[tokio::test]
async fn a_milestone_citing_a_resource_is_listed_on_its_page_for_those_who_see_the_fls() {
    let (t, [public, ..]) = library().await;
    let op = Actor::operator();
    let fls = liaison_store::orgs::fls_by_code_tx(&mut t.app.db.begin().await.unwrap(), "GB-A")
        .await
        .unwrap()
        .unwrap();
    let m = liaison_domain::programme::g2g::MilestoneInput {
        step: "1".into(),
        title: "Patient leaflet in use".into(),
        evidence_url: format!("https://liaison.example.org/resources/{public}"),
        ..Default::default()
    };
    liaison_app::programme::save_milestone(
        &t.app,
        &op,
        liaison_app::programme::Target::Fls(&fls),
        None,
        &m,
    )
    .await
    .unwrap();
    let path = format!("/resources/{public}");
    let lead = t.signed_in("lead.a@x.org").await.get(&path).await;
    let cited = lead.texts(".resource-citations .citation");
    assert_eq!(cited.len(), 1);
    assert!(cited[0].contains("GB-A") && cited[0].contains("Patient leaflet in use"));
    // A visitor learns that it is cited, not by which service.
    let anon = t.browser().get(&path).await;
    let cited = anon.texts(".resource-citations .citation");
    assert_eq!(cited.len(), 1);
    assert!(!cited[0].contains("GB-A"), "{cited:?}");
}
