//! The authorisation matrix: every route, every role, from inside and outside the resource's
//! FLS, with the answer expected. A route without a row here fails the test.

use crate::helpers::*;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use liaison_app::{Actor, users};
use liaison_domain::auth::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Served: 200, a redirect other than to sign-in, or 422 for the empty form we post.
    Ok,
    /// Answered as if it did not exist.
    Hidden,
    /// Sent to sign in first.
    SignIn,
    /// API without a token.
    Unauthorised,
}
pub use Want::*;

pub fn has(role: Option<Role>, roles: &[Role]) -> bool {
    role.is_some_and(|r| roles.contains(&r))
}

/// May this role see the FLS's profile and aggregates? (`inside` = the actor's own FLS, country, region)
pub fn sees(role: Role, inside: bool) -> bool {
    matches!(role, Role::Administrator | Role::ProgrammeReviewer) || inside
}

/// The matrix. `None` = the route has no row (the test then fails). Each area keeps its
/// rows in its own file.
pub fn expected(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    // The library's `{resource}` differs inside and outside for every role (see its file).
    if let Some(w) = crate::authz_library::expected(method, path, role, inside) {
        return Some(w);
    }
    // A programme editor holds no FLS, country or region: pages about the services one sees
    // answer 404 (as for any user who sees none), and nothing is inside for them but their
    // own tokens.
    let editor = role == Some(Role::ProgrammeEditor);
    if editor
        && matches!(
            (method, path),
            (
                "GET",
                "/kpis/global" | "/kpis/global/report" | "/kpis/outliers" | "/api/v1/kpis/outliers"
            )
        )
    {
        return Some(Hidden);
    }
    let inside = inside && (!editor || path.starts_with("/account/"));
    core(method, path, role, inside)
        .or_else(|| crate::authz_io::expected(method, path, role, inside))
        .or_else(|| crate::authz_kpi::expected(method, path, role, inside))
        .or_else(|| crate::authz_programme::expected(method, path, role, inside))
        .or_else(|| crate::authz_calculator::expected(method, path, role, inside))
        .or_else(|| crate::authz_deleted::expected(method, path, role, inside))
        .or_else(|| crate::authz_statistics::expected(method, path, role, inside))
        .or_else(|| crate::authz_notify::expected(method, path, role, inside))
        .or_else(|| crate::authz_facilities::expected(method, path, role, inside))
        .or_else(|| crate::authz_objectives::expected(method, path, role, inside))
        .or_else(|| crate::authz_policy::expected(method, path, role, inside))
        .or_else(|| crate::authz_qa::expected(method, path, role, inside))
        .or_else(|| crate::authz_mentorship::expected(method, path, role, inside))
        .or_else(|| crate::authz_events::expected(method, path, role, inside))
}

fn core(method: &str, path: &str, role: Option<Role>, inside: bool) -> Option<Want> {
    use Role::*;
    let signed = |w: Want| if role.is_none() { SignIn } else { w };
    let admin = has(role, &[Administrator]);
    let lead_here = has(role, &[FlsLead]) && inside;
    // Patient data: administrators, and the FLS's own leads and clinicians.
    let patients = admin || (inside && has(role, &[FlsLead, FlsClinician]));
    let api = |w: Want| if role.is_none() { Unauthorised } else { w };
    Some(match (method, path) {
        (
            "GET",
            "/health"
            | "/static/app.css"
            | "/static/favicon.svg"
            | "/"
            | "/sign-in"
            | "/api/v1/openapi.json",
        ) => Ok,
        ("GET", "/sign-in/totp") => Ok,
        ("POST", "/sign-in" | "/sign-in/totp" | "/sign-out" | "/language") => Ok,
        ("GET", "/account" | "/account/totp" | "/account/tokens" | "/fls") => signed(Ok),
        (
            "POST",
            "/account/password" | "/account/totp" | "/account/totp/disable" | "/account/tokens",
        ) => signed(Ok),
        // Only one's own token: "outside" is another user's.
        ("POST", "/account/tokens/{id}/revoke") => signed(if inside { Ok } else { Hidden }),
        ("GET", "/fls/{code}") => signed(if role.is_some_and(|r| sees(r, inside)) {
            Ok
        } else {
            Hidden
        }),
        ("GET", "/fls/{code}/users")
        | ("POST", "/fls/{code}/users" | "/fls/{code}/users/{grant}/remove") => {
            signed(if admin || lead_here { Ok } else { Hidden })
        }
        ("GET", "/audit" | "/audit.csv") => signed(if admin || has(role, &[FlsLead]) {
            Ok
        } else {
            Hidden
        }),
        (
            "GET",
            "/admin/fls/new"
            | "/admin/fls/{code}/edit"
            | "/admin/users"
            | "/admin/users/new"
            | "/admin/users/{id}"
            | "/admin/security",
        )
        | (
            "POST",
            "/admin/fls"
            | "/admin/fls/import"
            | "/admin/users"
            | "/admin/users/{id}/grants"
            | "/admin/users/{id}/grants/{grant}/remove"
            | "/admin/users/{id}/disable"
            | "/admin/users/{id}/enable"
            | "/admin/users/{id}/password-reset"
            | "/admin/users/{id}/totp-reset"
            | "/admin/security",
        ) => signed(if admin { Ok } else { Hidden }),
        // Metrics are for administrators only; nobody else learns they exist.
        ("GET", "/metrics") => {
            if admin {
                Ok
            } else {
                Hidden
            }
        }
        (
            "GET",
            "/fls/{code}/episodes"
            | "/fls/{code}/episodes/new"
            | "/fls/{code}/episodes/{id}"
            | "/fls/{code}/episodes/{id}/letter"
            | "/fls/{code}/episodes/{id}/delete"
            | "/fls/{code}/worklists"
            | "/fls/{code}/worklists/{list}",
        )
        | (
            "POST",
            "/fls/{code}/episodes"
            | "/fls/{code}/episodes/{id}"
            | "/fls/{code}/episodes/{id}/refracture"
            | "/fls/{code}/episodes/{id}/letter"
            | "/fls/{code}/episodes/{id}/delete",
        ) => signed(if patients { Ok } else { Hidden }),
        ("GET", "/api/v1/episodes") => api(Ok),
        ("POST", "/api/v1/episodes")
        | ("GET" | "PUT" | "PATCH" | "DELETE", "/api/v1/episodes/{id}") => {
            api(if patients { Ok } else { Hidden })
        }
        ("GET", "/api/v1/me" | "/api/v1/fls") => {
            if role.is_none() {
                Unauthorised
            } else {
                Ok
            }
        }
        ("GET", "/api/v1/fls/{code}") => match role {
            None => Unauthorised,
            Some(r) => {
                if sees(r, inside) {
                    Ok
                } else {
                    Hidden
                }
            }
        },
        _ => return None,
    })
}

#[test]
fn every_route_has_a_row_in_the_matrix() {
    let missing: Vec<String> = liaison_web::route_list()
        .into_iter()
        .filter(|(m, p)| expected(m, p, None, true).is_none())
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the authorisation matrix: {missing:?}"
    );
}

struct Fixture {
    t: TestApp,
    target_a: i64,
    target_b: i64,
    grant_a: i64,
    grant_b: i64,
    /// A second role of each target, for the administrator's remove route.
    grant2_a: i64,
    grant2_b: i64,
    own_token: i64,
    other_token: i64,
    episode_a: i64,
    episode_b: i64,
    /// Deleted through the API (the page's delete takes the first).
    episode2_a: i64,
    episode2_b: i64,
    /// Deleted at the start: restored by the page (3) and by the API (4).
    deleted3_a: i64,
    deleted3_b: i64,
    deleted4_a: i64,
    deleted4_b: i64,
    api_token: Option<String>,
    browser: Browser,
    coalition: i64,
    mentorship: crate::authz_mentorship::Ids,
    /// (resource, file) inside and outside: see `authz_library.rs`.
    resources: [(i64, i64); 2],
    /// A public event and a signed-in users' one.
    events: (i64, i64),
}

async fn fixture(role: Option<Role>) -> Fixture {
    let t = spawn().await;
    let fls_a = t.fls("AA-ONE", "GB").await;
    let fls_b = t.fls("BB-TWO", "BR").await;
    let target_a = t.user("target.a@x.org", "fls_clinician", "AA-ONE").await;
    let target_b = t.user("target.b@x.org", "fls_clinician", "BB-TWO").await;
    let grant_of = |id: i64| {
        let db = t.app.db.clone();
        async move { liaison_store::users::grants_of(&db, id).await.unwrap()[0].id }
    };
    let grant_a = grant_of(target_a).await;
    let grant_b = grant_of(target_b).await;
    let op = Actor::operator();
    let mut second = Vec::new();
    for (id, code) in [(target_a, "AA-ONE"), (target_b, "BB-TWO")] {
        let gi = users::GrantInput {
            role: "viewer".into(),
            fls: code.into(),
            ..Default::default()
        };
        let g = users::parse_grant(&t.app, &op, &gi).await.unwrap();
        users::add_grant(&t.app, &op, id, &g).await.unwrap();
        second.push(
            liaison_store::users::grants_of(&t.app.db, id)
                .await
                .unwrap()[1]
                .id,
        );
    }
    let (grant2_a, grant2_b) = (second[0], second[1]);
    let episode_a = episode(&t, "AA-ONE").await;
    let episode_b = episode(&t, "BB-TWO").await;
    let episode2_a = episode_with(&t, "AA-ONE", "P2").await;
    let episode2_b = episode_with(&t, "BB-TWO", "P2").await;
    let mut deleted = Vec::new();
    for (fls, p) in [
        ("AA-ONE", "P3"),
        ("BB-TWO", "P3"),
        ("AA-ONE", "P4"),
        ("BB-TWO", "P4"),
    ] {
        let id = episode_with(&t, fls, p).await;
        liaison_app::episodes::delete(&t.app, &op, id)
            .await
            .unwrap();
        deleted.push(id);
    }
    let other_token_s = users::create_token(&t.app, &op, target_b, "b")
        .await
        .unwrap();
    let other_token = token_id(&t, &other_token_s).await;
    let coalition = crate::authz_policy::coalition(&t).await;
    let mentorship = crate::authz_mentorship::setup(&t, target_a, fls_a, fls_b).await;
    let resources = crate::authz_library::resources(&t).await;
    let events = (
        crate::authz_events::event(&t, true).await,
        crate::authz_events::event(&t, false).await,
    );
    let (browser, own_token, api_token) = match role {
        None => (t.browser(), 0, None),
        Some(r) => {
            let scope = match r {
                Role::NationalLead => "GB",
                Role::RegionalLead => "europe",
                Role::Administrator | Role::ProgrammeReviewer | Role::ProgrammeEditor => "",
                _ => "AA-ONE",
            };
            let id = t.user("actor@x.org", r.code(), scope).await;
            let tok = users::create_token(&t.app, &op, id, "mine").await.unwrap();
            let own = token_id(&t, &tok).await;
            (t.signed_in("actor@x.org").await, own, Some(tok))
        }
    };
    Fixture {
        t,
        target_a,
        target_b,
        grant_a,
        grant_b,
        grant2_a,
        grant2_b,
        episode_a,
        episode_b,
        episode2_a,
        episode2_b,
        deleted3_a: deleted[0],
        deleted3_b: deleted[1],
        deleted4_a: deleted[2],
        deleted4_b: deleted[3],
        own_token,
        other_token,
        api_token,
        browser,
        coalition,
        mentorship,
        resources,
        events,
    }
}

pub async fn episode(t: &TestApp, fls: &str) -> i64 {
    episode_with(t, fls, "P1").await
}

pub async fn episode_with(t: &TestApp, fls: &str, patient_ref: &str) -> i64 {
    let input = liaison_domain::dataset::EpisodeInput {
        fls_code: fls.into(),
        patient_ref: patient_ref.into(),
        fracture_date: "2026-01-10".into(),
        sex: "F".into(),
        birth_date: "1944-02-03".into(),
        fracture_site: "wrist".into(),
        setting: "outpatient".into(),
        ..Default::default()
    };
    match liaison_app::episodes::create(&t.app, &Actor::operator(), &input, true)
        .await
        .unwrap()
    {
        liaison_app::episodes::Saved::Done { row, .. } => row.id,
        _ => panic!("episode not created"),
    }
}

async fn token_id(t: &TestApp, token: &str) -> i64 {
    let h = liaison_app::auth::hash_token(token);
    liaison_store::tokens::find_live(&t.app.db, &h)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn concrete(f: &Fixture, method: &str, path: &str, inside: bool) -> String {
    let (code, id, grant, grant2, tok, ep) = if inside {
        (
            "AA-ONE",
            f.target_a,
            f.grant_a,
            f.grant2_a,
            f.own_token,
            f.episode_a,
        )
    } else {
        (
            "BB-TWO",
            f.target_b,
            f.grant_b,
            f.grant2_b,
            f.other_token,
            f.episode_b,
        )
    };
    let ep = match (method, inside) {
        ("DELETE", true) => f.episode2_a,
        ("DELETE", false) => f.episode2_b,
        _ if path.ends_with("/restore") => match (path.starts_with("/api/"), inside) {
            (false, true) => f.deleted3_a,
            (false, false) => f.deleted3_b,
            (true, true) => f.deleted4_a,
            (true, false) => f.deleted4_b,
        },
        _ => ep,
    };
    let grant = if path.starts_with("/admin/") {
        grant2
    } else {
        grant
    };
    let id = if path.starts_with("/account/tokens") {
        tok
    } else if path.starts_with("/import/") || path.starts_with("/api/v1/imports/") {
        // Imports are their uploader's alone: one the matrix's user never made.
        999_999
    } else if path.contains("/episodes/") {
        ep
    } else {
        id
    };
    path.replace("{code}", code)
        .replace("{id}", &id.to_string())
        .replace("{grant}", &grant.to_string())
        .replace("{list}", "awaiting-assessment")
        .replace("{country}", if inside { "GB" } else { "BR" })
        .replace("{cc}", if inside { "GB" } else { "BR" })
        .replace("{region}", if inside { "europe" } else { "latin_america" })
        .replace("{kpi}", "kpi3_assessment_12w")
        .replace("{coalition}", &f.coalition.to_string())
        .replace("{slug}", "medicines")
        .replace(
            "{request}",
            &(if inside {
                f.mentorship.request_a
            } else {
                f.mentorship.request_b
            })
            .to_string(),
        )
        .replace(
            "{pairing}",
            &(if inside {
                f.mentorship.pairing_a
            } else {
                f.mentorship.pairing_b
            })
            .to_string(),
        )
        .replace(
            "{resource}",
            &f.resources[usize::from(!inside)].0.to_string(),
        )
        .replace("{file}", &f.resources[usize::from(!inside)].1.to_string())
        .replace(
            "{event}",
            &if inside { f.events.0 } else { f.events.1 }.to_string(),
        )
}

async fn call(f: &mut Fixture, method: &str, path: &str) -> Resp {
    if path.starts_with("/api/") {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = &f.api_token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = if matches!(method, "POST" | "PUT" | "PATCH") {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(r#"{"fls_code": "AA-ONE", "version": 1}"#)
        } else {
            Body::empty()
        };
        return f.browser.send(req.body(body).unwrap()).await;
    }
    match (method, path) {
        ("GET", _) => f.browser.get(path).await,
        ("POST", _)
            if path == "/admin/fls/import" || path == "/import" || path.ends_with("/files") =>
        {
            let csrf = f.browser.csrf();
            let body = format!(
                "--X\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\nContent-Type: text/csv\r\n\r\ncode,name,country,expected_non_spine_per_year,expected_spine_per_year\r\n--X--\r\n"
            );
            let cookies = f
                .browser
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
            f.browser.send(req).await
        }
        _ => f.browser.post(path, &[]).await,
    }
}

fn judge(r: &Resp) -> Want {
    match r.status {
        StatusCode::NOT_FOUND => Hidden,
        StatusCode::UNAUTHORIZED => Unauthorised,
        StatusCode::SEE_OTHER if r.location().starts_with("/sign-in?next=") => SignIn,
        s if s.is_success() || s.is_redirection() || s == StatusCode::UNPROCESSABLE_ENTITY => Ok,
        s => panic!("unexpected status {s}: {}", r.body),
    }
}

async fn run_matrix(role: Option<Role>) {
    let mut f = fixture(role).await;
    let mut routes = liaison_web::route_list();
    // Destructive requests go last, ending the session very last, so none hides what follows.
    let destructive = |m: &str, p: &str| {
        m == "DELETE"
            || p.ends_with("/delete")
            || p.ends_with("/remove")
            || p.ends_with("/disable")
            || p.ends_with("/revoke")
    };
    routes.sort_by_key(|(m, p)| (*p == "/sign-out", destructive(m, p), *m == "POST"));
    let mut failures = Vec::new();
    for (method, path) in routes {
        let sides: &[bool] = if path.contains('{') {
            &[true, false]
        } else {
            &[true]
        };
        for &inside in sides {
            let want = expected(method, path, role, inside).expect("row");
            let url = concrete(&f, method, path, inside);
            let got = judge(&call(&mut f, method, &url).await);
            if got != want {
                failures.push(format!(
                    "{role:?} {method} {url} (inside: {inside}): expected {want:?}, got {got:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorisation matrix:\n{}",
        failures.join("\n")
    );
    if role.is_some() && role != Some(Role::Administrator) {
        // Refusals of signed-in users are in the trail.
        assert!(f.t.count_audit("authorisation_denied").await > 0);
    }
}

#[tokio::test]
async fn matrix_anonymous() {
    run_matrix(None).await;
}
#[tokio::test]
async fn matrix_administrator() {
    run_matrix(Some(Role::Administrator)).await;
}
#[tokio::test]
async fn matrix_programme_reviewer() {
    run_matrix(Some(Role::ProgrammeReviewer)).await;
}
#[tokio::test]
async fn matrix_programme_editor() {
    run_matrix(Some(Role::ProgrammeEditor)).await;
}
#[tokio::test]
async fn matrix_national_lead() {
    run_matrix(Some(Role::NationalLead)).await;
}
#[tokio::test]
async fn matrix_regional_lead() {
    run_matrix(Some(Role::RegionalLead)).await;
}
#[tokio::test]
async fn matrix_mentor() {
    run_matrix(Some(Role::Mentor)).await;
}
#[tokio::test]
async fn matrix_fls_lead() {
    run_matrix(Some(Role::FlsLead)).await;
}
#[tokio::test]
async fn matrix_fls_clinician() {
    run_matrix(Some(Role::FlsClinician)).await;
}
#[tokio::test]
async fn matrix_viewer() {
    run_matrix(Some(Role::Viewer)).await;
}
