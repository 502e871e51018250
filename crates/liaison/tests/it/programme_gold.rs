//! Getting to Gold: an FLS's steps and milestones, the programme's view of services by step,
//! and a country's own plan kept by its national lead.

use crate::helpers::*;
use axum::http::StatusCode;

#[tokio::test]
async fn getting_to_gold_tracks_steps_and_milestones_and_the_programme_sees_fls_by_step() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    t.user("lead@x.org", "fls_lead", "AA-ONE").await;
    t.user("mentor@x.org", "mentor", "AA-ONE").await;
    t.user("rev@x.org", "programme_reviewer", "").await;
    let mut lead = t.signed_in("lead@x.org").await;
    let page = lead.get("/fls/AA-ONE/g2g").await;
    assert!(page.body.contains("Not started"));
    let r = lead
        .post("/fls/AA-ONE/g2g", &[("what", "step"), ("step", "2")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = lead
        .post(
            "/fls/AA-ONE/g2g",
            &[
                ("what", "milestone"),
                ("step", "2"),
                ("title", ""),
                ("due_date", "1 Oct"),
                ("evidence_url", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.texts(".err").len(), 3, "{:?}", r.texts(".err"));
    let r = lead
        .post(
            "/fls/AA-ONE/g2g",
            &[
                ("what", "milestone"),
                ("step", "2"),
                ("title", "Business case to the board"),
                ("owner", "Dr Lead"),
                ("due_date", "2026-10-01"),
                ("status", "in_progress"),
                ("evidence", "Draft circulated"),
                ("evidence_url", "https://example.org/case"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = lead.get("/fls/AA-ONE/g2g").await;
    assert_eq!(
        page.texts("li[aria-current='step']"),
        ["Getting started and sustaining"]
    );
    assert!(
        page.texts(".badge")
            .iter()
            .any(|b| b.contains("In progress") && b.contains("Overdue"))
    );
    assert_eq!(
        page.attr("td a[rel]", "href").as_deref(),
        Some("https://example.org/case")
    );
    let id = page
        .attr("input[name='id'][value]:not([value='0'])", "value")
        .unwrap();
    let r = lead
        .post(
            "/fls/AA-ONE/g2g",
            &[
                ("what", "milestone"),
                ("id", &id),
                ("step", "2"),
                ("title", "Business case to the board"),
                ("status", "done"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = lead.get("/fls/AA-ONE/g2g").await;
    assert!(!page.body.contains("badge badge-overdue"));
    let history = page.texts("ol.history li code");
    assert_eq!(
        history,
        ["g2g.milestone_update", "g2g.milestone_create", "g2g.step"]
    );
    // The mentor reads the plan and sees their FLS by step, nothing of others.
    let mut mentor = t.signed_in("mentor@x.org").await;
    assert_eq!(mentor.get("/fls/AA-ONE/g2g").await.status, StatusCode::OK);
    let o = mentor.get("/g2g").await;
    assert!(o.body.contains("AA-ONE service") && !o.body.contains("BB-TWO"));
    assert_eq!(
        mentor
            .post("/fls/AA-ONE/g2g", &[("what", "step"), ("step", "3")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The programme sees every FLS by step, and a country's at once.
    let mut rev = t.signed_in("rev@x.org").await;
    let o = rev.get("/g2g").await;
    let h2 = o.texts("h2");
    assert_eq!(h2[0], "Not started");
    assert!(o.body.contains("AA-ONE service") && o.body.contains("BB-TWO service"));
    assert!(
        o.texts("ul.g2g-counts li")
            .iter()
            .any(|l| l.contains("Getting started and sustaining: 1"))
    );
    let gb = rev.get("/g2g?country=GB").await;
    assert!(gb.body.contains("AA-ONE service") && !gb.body.contains("BB-TWO service"));
    // Reviewers may keep plans too.
    assert_eq!(
        rev.post("/fls/BB-TWO/g2g", &[("what", "step"), ("step", "1")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_country_has_its_own_plan_kept_by_its_national_lead() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    t.fls("BB-TWO", "BR").await;
    t.user("nat@x.org", "national_lead", "GB").await;
    t.user("mentor@x.org", "mentor", "BB-TWO").await;
    let mut nat = t.signed_in("nat@x.org").await;
    let r = nat
        .post("/g2g/country/GB", &[("what", "step"), ("step", "4")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = nat
        .post(
            "/g2g/country/gb",
            &[
                ("what", "milestone"),
                ("step", "4"),
                ("title", "Roundtable with the ministry"),
                ("due_date", "2027-03-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = nat.get("/g2g/country/GB").await;
    assert_eq!(page.texts("h1"), ["Getting to Gold: United Kingdom"]);
    assert_eq!(
        page.texts("li[aria-current='step']"),
        ["Drive policy change tours"]
    );
    assert!(page.body.contains("Roundtable with the ministry"));
    assert_eq!(
        page.texts("ol.history li code"),
        ["g2g.milestone_create", "g2g.step"]
    );
    let o = nat.get("/g2g").await;
    assert!(o.texts("ul li a").iter().any(|a| a == "United Kingdom"));
    // Another country's plan is not theirs; a mentor in Brazil does not see Britain's.
    assert_eq!(
        nat.get("/g2g/country/BR").await.status,
        StatusCode::NOT_FOUND
    );
    let mut mentor = t.signed_in("mentor@x.org").await;
    assert_eq!(
        mentor.get("/g2g/country/GB").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(mentor.get("/g2g/country/BR").await.status, StatusCode::OK);
    assert_eq!(
        mentor
            .post("/g2g/country/BR", &[("what", "step"), ("step", "2")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        nat.get("/g2g/country/XX").await.status,
        StatusCode::NOT_FOUND
    );
}
