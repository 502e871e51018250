//! The public Map of Best Practice.

use super::*;
use crate::AppState;
use crate::ctx::{Ctx, html};
use crate::error::{AppError, PageResult};
use askama::Template;
use axum::extract::{Path, Query, State};
use liaison_app::programme::{self as svc, PublicEntry};
use liaison_domain::programme::Level;
use serde::Deserialize;

// ---- the public Map of Best Practice ----

const TILE: i64 = 24;
const GAP: i64 = 3;

/// Regions placed roughly as on a world map: columns of region blocks, each block a grid of
/// one square per country (alphabetical by code) with the columns given.
const LAYOUT: [&[(&str, i64)]; 4] = [
    &[("north_america", 5), ("latin_america", 7)],
    &[("europe", 8), ("africa", 8)],
    &[("middle_east", 4)],
    &[("asia_pacific", 8)],
];

/// Where each country's square is drawn on the tile map: the one geography of Liaison's world
/// maps (the Map of Best Practice, the policy map).
pub(crate) struct Place {
    pub x: i64,
    pub y: i64,
    pub code: String,
}

pub(crate) struct RegionLabel {
    pub x: i64,
    pub y: i64,
    pub text: String,
}

pub(crate) struct Grid {
    pub width: i64,
    pub height: i64,
    pub places: Vec<Place>,
    pub labels: Vec<RegionLabel>,
}

/// The squares of `countries` (code, region), region by region as `LAYOUT` places them.
pub(crate) fn grid(ctx: &Ctx, countries: &[(String, String)]) -> Grid {
    let mut places = Vec::new();
    let mut labels = Vec::new();
    let mut x0 = 0;
    let mut height = 0;
    for column in LAYOUT {
        let mut y0 = 0;
        let mut width = 0;
        for (region, cols) in column {
            labels.push(RegionLabel {
                x: x0,
                y: y0 + 14,
                text: ctx.tk("region", region),
            });
            y0 += 20;
            let codes: Vec<&String> = countries
                .iter()
                .filter(|(_, r)| r == region)
                .map(|(c, _)| c)
                .collect();
            for (i, code) in codes.iter().enumerate() {
                let i = i as i64;
                places.push(Place {
                    x: x0 + (i % cols) * (TILE + GAP),
                    y: y0 + (i / cols) * (TILE + GAP),
                    code: code.to_string(),
                });
            }
            let rows = (codes.len() as i64 + cols - 1) / cols;
            y0 += rows * (TILE + GAP) + 12;
            width = width.max(cols * (TILE + GAP));
        }
        height = height.max(y0);
        x0 += width + 18;
    }
    Grid {
        width: x0,
        height,
        places,
        labels,
    }
}

struct Tile {
    x: i64,
    y: i64,
    code: String,
    name: String,
    level: &'static str,
    /// FLSs on the map in this country; 0 = not a link.
    count: usize,
    label: String,
}

struct WorldMap {
    width: i64,
    height: i64,
    tiles: Vec<Tile>,
    labels: Vec<RegionLabel>,
}

fn world_map(ctx: &Ctx, countries: &[(String, String)], entries: &[PublicEntry]) -> WorldMap {
    let g = grid(ctx, countries);
    let tiles = g
        .places
        .into_iter()
        .map(|p| {
            let here: Vec<&PublicEntry> = entries.iter().filter(|e| e.country == p.code).collect();
            let best = here.iter().map(|e| e.overall).max();
            let name = ctx.country(&p.code);
            let label = match best {
                Some(b) => ctx.tr.ta(
                    "map-country-label",
                    &[
                        ("country", name.clone()),
                        ("count", here.len().to_string()),
                        ("level", level_label(ctx, b)),
                    ],
                ),
                None => name.clone(),
            };
            Tile {
                x: p.x,
                y: p.y,
                code: p.code,
                name,
                level: best.map(Level::code).unwrap_or("none"),
                count: here.len(),
                label,
            }
        })
        .collect();
    WorldMap {
        width: g.width,
        height: g.height,
        tiles,
        labels: g.labels,
    }
}

struct EntryView {
    code: String,
    name: String,
    city: String,
    country: String,
    level: String,
    level_code: &'static str,
    approved_on: String,
}

#[derive(Template)]
#[template(path = "programme_map.html")]
struct MapPage {
    ctx: Ctx,
    map: WorldMap,
    rows: Vec<EntryView>,
    total: usize,
    q: String,
    country: String,
    level: String,
    levels: Vec<(&'static str, String)>,
    countries: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct MapQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    level: String,
}

pub async fn map(State(app): State<AppState>, ctx: Ctx, Query(q): Query<MapQuery>) -> PageResult {
    let entries = svc::public_entries(&app).await?;
    let countries = liaison_app::orgs::countries(&app).await?;
    let map = world_map(&ctx, &countries, &entries);
    let needle = q.q.trim().to_lowercase();
    let country = q.country.trim().to_uppercase();
    let total = entries.len();
    let mut on_map: Vec<(String, String)> = entries
        .iter()
        .map(|e| (e.country.clone(), ctx.country(&e.country)))
        .collect();
    on_map.sort();
    on_map.dedup();
    let rows = entries
        .into_iter()
        .filter(|e| {
            (needle.is_empty()
                || e.name.to_lowercase().contains(&needle)
                || e.city
                    .as_deref()
                    .is_some_and(|c| c.to_lowercase().contains(&needle))
                || ctx.country(&e.country).to_lowercase().contains(&needle)
                || liaison_domain::org::country_name(&e.country, liaison_domain::lang::Lang::En)
                    .is_some_and(|n| n.to_lowercase().contains(&needle)))
                && (country.is_empty() || e.country == country)
                && (q.level.is_empty() || e.overall.code() == q.level)
        })
        .map(|e| EntryView {
            level: level_label(&ctx, e.overall),
            level_code: e.overall.code(),
            approved_on: ctx.tr.date(&e.approved_on),
            country: ctx.country(&e.country),
            city: e.city.unwrap_or_default(),
            code: e.code,
            name: e.name,
        })
        .collect();
    let levels = Level::ALL
        .iter()
        .map(|l| (l.code(), level_label(&ctx, *l)))
        .collect();
    html(MapPage {
        ctx,
        map,
        rows,
        total,
        q: q.q,
        country,
        level: q.level,
        levels,
        countries: on_map,
    })
}

#[derive(Template)]
#[template(path = "programme_profile.html")]
struct ProfilePage {
    ctx: Ctx,
    e: EntryView,
    domains: Vec<(String, String, &'static str)>,
}

pub async fn map_profile(
    State(app): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> PageResult {
    let Some(e) = svc::public_entries(&app)
        .await?
        .into_iter()
        .find(|e| e.code == code)
    else {
        return Err(AppError::NotFound);
    };
    let domains = e
        .domains
        .iter()
        .map(|(d, l)| {
            let key = format!("bpf-domain-{d}");
            let name = ctx.t(&key);
            let name = if name == key { d.clone() } else { name };
            (name, level_label(&ctx, *l), l.code())
        })
        .collect();
    let e = EntryView {
        level: level_label(&ctx, e.overall),
        level_code: e.overall.code(),
        approved_on: ctx.tr.date(&e.approved_on),
        country: ctx.country(&e.country),
        city: e.city.unwrap_or_default(),
        code: e.code,
        name: e.name,
    };
    html(ProfilePage { ctx, e, domains })
}
