//! The public Map of Best Practice: only approved, published fields are shown (nothing
//! unapproved or unpublished is disclosed), in every language.

use crate::helpers::*;
use crate::programme::{all, approve, episode, fls_row};
use axum::http::StatusCode;
use liaison_app::Actor;
use liaison_app::programme::{self as svc, Draft, Review};
use liaison_domain::org::FlsInput;
use std::collections::BTreeMap;

#[tokio::test]
async fn the_public_map_shows_only_approved_published_fields() {
    let t = spawn().await;
    let op = Actor::operator();
    let input = FlsInput {
        code: "AA-ONE".into(),
        name: "Alba Fracture Service".into(),
        hospital: "St Secret Infirmary".into(),
        city: "Glasgow".into(),
        country: "GB".into(),
        contact_name: "Dr Hidden Person".into(),
        contact_email: "lead@secret.example".into(),
        expected_non_spine_per_year: "500".into(),
        expected_spine_per_year: "50".into(),
        catchment_population_50_plus: "123457".into(),
        ..Default::default()
    };
    liaison_app::orgs::save_fls(&t.app, &op, &input)
        .await
        .unwrap();
    for (code, country) in [
        ("BB-TWO", "BR"),
        ("CC-THREE", "FR"),
        ("DD-FOUR", "JP"),
        ("EE-FIVE", "ES"),
    ] {
        t.fls(code, country).await;
    }
    episode(
        &t,
        "AA-ONE",
        "SECRET-PATIENT-REF",
        "2026-06-01",
        "2026-06-10",
    )
    .await;
    // AA-ONE: approved, published without its city.
    approve(&t, "AA-ONE", true, false).await;
    // BB-TWO: a draft. CC-THREE: submitted. DD-FOUR: approved but not published.
    let draft = Draft {
        answers: all("gold"),
        publish: true,
        publish_city: true,
        submit: false,
    };
    svc::save(&t.app, &op, &fls_row(&t, "BB-TWO").await, &draft)
        .await
        .unwrap();
    let submitted = Draft {
        submit: true,
        ..draft
    };
    svc::save(&t.app, &op, &fls_row(&t, "CC-THREE").await, &submitted)
        .await
        .unwrap();
    approve(&t, "DD-FOUR", false, true).await;
    // EE-FIVE: changes requested.
    let e5 = fls_row(&t, "EE-FIVE").await;
    svc::save(&t.app, &op, &e5, &submitted).await.unwrap();
    let rc = Review {
        action: "request_changes".into(),
        comment: "More detail".into(),
        levels: BTreeMap::new(),
    };
    svc::review(&t.app, &op, &e5, &rc).await.unwrap();

    let secrets = [
        "St Secret Infirmary",
        "Glasgow",
        "Dr Hidden Person",
        "lead@secret.example",
        "123457",
        "123,457",
        "SECRET-PATIENT-REF",
        "BB-TWO",
        "CC-THREE",
        "DD-FOUR",
        "EE-FIVE",
    ];
    let mut anon = t.browser();
    for path in [
        "/map",
        "/map?q=glasgow",
        "/map/fls/AA-ONE",
        "/map?country=GB",
    ] {
        let r = anon.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        for s in secrets {
            assert!(!r.body.contains(s), "{path} discloses {s}");
        }
    }
    let r = anon.get("/map").await;
    assert_eq!(r.texts("table.map-list td a"), ["Alba Fracture Service"]);
    // The world view: GB is a keyboard-reachable link naming its count and level; BR is not.
    let label = r
        .attr("svg a[href='/map?country=GB#list']", "aria-label")
        .unwrap();
    assert!(
        label.contains("United Kingdom") && label.contains("1 service") && label.contains("Gold"),
        "{label}"
    );
    assert!(
        r.attr("svg a[href='/map?country=BR#list']", "href")
            .is_none()
    );
    // The city was not agreed for publication: a search by it finds nothing.
    assert!(
        anon.get("/map?q=glasgow")
            .await
            .body
            .contains("No service matches.")
    );
    for code in ["BB-TWO", "CC-THREE", "DD-FOUR", "EE-FIVE", "ZZ-NONE"] {
        assert_eq!(
            anon.get(&format!("/map/fls/{code}")).await.status,
            StatusCode::NOT_FOUND,
            "{code}"
        );
    }
    // Withdrawing consent: a later approval without publication takes the FLS off the map.
    approve(&t, "AA-ONE", false, false).await;
    assert_eq!(
        anon.get("/map/fls/AA-ONE").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !anon
            .get("/map")
            .await
            .body
            .contains("Alba Fracture Service")
    );
}

#[tokio::test]
async fn the_map_is_in_every_language() {
    let t = spawn().await;
    t.fls("AA-ONE", "GB").await;
    approve(&t, "AA-ONE", true, true).await;
    let mut b = t.browser();
    for (lang, title, gold, country) in [
        ("ar", "خريطة أفضل الممارسات", "ذهبي", "المملكة المتحدة"),
        ("zh-Hans", "最佳实践地图", "金级", "英国"),
        ("fr", "Carte des bonnes pratiques", "Or", "Royaume-Uni"),
    ] {
        b.cookies.insert("liaison_lang".into(), lang.into());
        let r = b.get("/map").await;
        assert_eq!(r.texts("h1"), [title]);
        assert_eq!(
            r.attr("html", "dir").as_deref(),
            Some(if lang == "ar" { "rtl" } else { "ltr" })
        );
        assert!(
            r.texts("table.map-list .lvl").contains(&gold.to_string()),
            "{lang}"
        );
        // Country names in the reader's language, in the list and on the tile's label; the
        // search finds the country by that name and by its English one.
        assert_eq!(r.texts("table.map-list td")[2], country, "{lang}");
        let label = r
            .attr("svg a[href='/map?country=GB#list']", "aria-label")
            .unwrap();
        assert!(label.contains(country), "{lang}: {label}");
        for q in [country, "united kingdom"] {
            let r = b.get(&format!("/map?q={}", urlencoding::encode(q))).await;
            assert_eq!(
                r.texts("table.map-list td a"),
                ["AA-ONE service"],
                "{lang} {q}"
            );
        }
    }
}
