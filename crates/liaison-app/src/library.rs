//! The resource library (issue 16): anyone reads public published resources, signed-in users
//! also the signed-in ones, mentors and the programme the mentors-only ones; administrators
//! and programme editors write, and only they see drafts. A resource out of reach is refused
//! as if it did not exist. Every write is audited in its own transaction.

use crate::app::App;
use crate::{Actor, Result, ServiceError};
use liaison_domain::error::{FieldError, Invalid};
use liaison_domain::lang::Lang;
use liaison_domain::library::{
    self as domain, LibraryScope, Resource, ResourceInput, SearchTerms, Upload, Version,
    VersionInput,
};
use liaison_store::audit;
use liaison_store::library as store;
pub use liaison_store::library::{CitationRow, FileRow, HitRow, ResourceRow, VersionRow};

/// What this reader may see (`None`: a visitor).
pub fn scope(actor: Option<&Actor>) -> LibraryScope {
    LibraryScope::of(actor.map(|a| &a.access))
}

/// May this actor write the library (administrators, programme editors, the operator)?
pub fn may_edit(actor: Option<&Actor>) -> bool {
    actor.is_some_and(|a| domain::is_editor(&a.access))
}

/// A search box and its filters, as the list page and the API take them.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Query {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub country: String,
}

/// One resource found, in the version that best fits the reader among those that matched.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub id: i64,
    pub language: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub visibility: String,
    pub status: String,
}

/// Resources matching the query that the reader may see, best first; one per resource.
pub async fn search(app: &App, actor: Option<&Actor>, reader: Lang, q: &Query) -> Result<Vec<Hit>> {
    let f = store::Filter {
        terms: SearchTerms::parse(&q.q),
        category: q.category.trim().to_string(),
        language: domain::language("language", &q.language)
            .map(|l| l.code().to_string())
            .unwrap_or_default(),
        audience: q.audience.trim().to_string(),
        country: q.country.trim().to_ascii_uppercase(),
        limit: 500,
    };
    let rows = store::search(&app.db, &scope(actor), &f).await?;
    let mut out: Vec<(Hit, i64, bool)> = Vec::new();
    for r in rows {
        let mine = r.language == reader.code();
        match out.iter_mut().find(|(h, _, _)| h.id == r.resource_id) {
            // The reader's own language wins over a better-scored other version.
            Some(slot) if mine && !slot.2 => *slot = (hit(r), slot.1, true),
            Some(_) => {}
            None => {
                let score = r.score;
                out.push((hit(r), score, mine));
            }
        }
    }
    Ok(out.into_iter().take(100).map(|(h, _, _)| h).collect())
}

fn hit(r: HitRow) -> Hit {
    Hit {
        id: r.resource_id,
        language: r.language,
        title: r.title,
        summary: r.summary,
        category: r.category,
        visibility: r.visibility,
        status: r.status,
    }
}

/// A resource as its page shows it.
pub struct ResourcePage {
    pub resource: ResourceRow,
    /// Every version, the original first.
    pub versions: Vec<VersionRow>,
    /// The one shown: the reader's language or the best fallback.
    pub shown: VersionRow,
    /// True when `shown` is not in the reader's language.
    pub fallback: bool,
    pub files: Vec<FileRow>,
    /// Saved states per language (editors see the history's length).
    pub history: Vec<(String, i64)>,
    /// Where it is cited, with the citing FLS's code, for FLSs the reader may see.
    pub citations: Vec<(CitationRow, String)>,
    pub may_edit: bool,
}

/// Refused (as not found) when the reader may not see it.
pub async fn page(app: &App, actor: Option<&Actor>, id: i64, reader: Lang) -> Result<ResourcePage> {
    let resource = store::get(&app.db, &scope(actor), id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let versions = store::versions(&app.db, id).await?;
    let langs: Vec<Lang> = versions
        .iter()
        .filter_map(|v| domain::language("language", &v.language).ok())
        .collect();
    let best = domain::best_language(reader, &langs).ok_or(ServiceError::NotFound)?;
    let shown = versions
        .iter()
        .find(|v| v.language == best.code())
        .cloned()
        .ok_or(ServiceError::NotFound)?;
    let mut citations = Vec::new();
    for c in store::citations(&app.db, id).await? {
        // A citing FLS is named only to those who may see it (its own users and the
        // programme); others see that it is cited, not by whom.
        let code = match actor {
            Some(a) => liaison_store::orgs::fls_by_id(&app.db, &a.access.view_aggregates, c.fls_id)
                .await?
                .map(|f| f.code)
                .unwrap_or_default(),
            None => String::new(),
        };
        citations.push((c, code));
    }
    Ok(ResourcePage {
        fallback: best != reader,
        files: store::files(&app.db, id).await?,
        history: store::history_counts(&app.db, id).await?,
        may_edit: may_edit(actor),
        citations,
        resource,
        versions,
        shown,
    })
}

/// The categories editors added, as (code, name).
pub async fn custom_categories(app: &App) -> Result<Vec<(String, String)>> {
    Ok(store::categories(&app.db).await?)
}

async fn custom_codes(app: &App) -> Result<Vec<String>> {
    Ok(custom_categories(app)
        .await?
        .into_iter()
        .map(|c| c.0)
        .collect())
}

fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    Some(serde_json::to_value(v).unwrap_or_default())
}

fn editor(actor: &Actor) -> Result<()> {
    if may_edit(Some(actor)) {
        Ok(())
    } else {
        Err(ServiceError::NotFound)
    }
}

/// Create a resource (a draft) with its first language version; returns its id.
pub async fn create(
    app: &App,
    actor: &Actor,
    meta: &ResourceInput,
    first: &VersionInput,
) -> Result<i64> {
    editor(actor)?;
    let custom = custom_codes(app).await?;
    let (r, v) = match (Resource::parse(meta, &custom), Version::parse(first)) {
        (Ok(r), Ok(v)) => (r, v),
        (r, v) => {
            let mut inv = Invalid::default();
            inv.0.extend(r.err().map(|e| e.0).unwrap_or_default());
            inv.0.extend(v.err().map(|e| e.0).unwrap_or_default());
            return Err(inv.into());
        }
    };
    let mut tx = app.db.begin().await?;
    let id = store::save(&mut tx, None, &r, actor.user_id, app.now()).await?;
    store::save_version(&mut tx, id, &v, actor.user_id, app.now()).await?;
    let after = store::get_tx(&mut tx, id).await?;
    let e = actor
        .audit("resource.create")
        .entity("resource", id)
        .change(None, json(&after))
        .detail(v.title.clone());
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(id)
}

/// The resource an editor works on (drafts included).
async fn editable(app: &App, actor: &Actor, id: i64) -> Result<ResourceRow> {
    editor(actor)?;
    store::get(&app.db, &scope(Some(actor)), id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Change a resource's category, audiences, tags, countries, visibility or review date.
pub async fn update(app: &App, actor: &Actor, id: i64, meta: &ResourceInput) -> Result<()> {
    let before = editable(app, actor, id).await?;
    let r = Resource::parse(meta, &custom_codes(app).await?)?;
    let mut tx = app.db.begin().await?;
    store::save(&mut tx, Some(id), &r, None, app.now()).await?;
    let after = store::get_tx(&mut tx, id).await?;
    let e = actor
        .audit("resource.update")
        .entity("resource", id)
        .change(json(&before), json(&after));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Add a language version (`edit` false: refused if that language has one) or change one
/// (`edit` true: the earlier text stays in the history).
pub async fn save_version(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &VersionInput,
    edit: bool,
) -> Result<()> {
    editable(app, actor, id).await?;
    let v = Version::parse(input)?;
    let mut tx = app.db.begin().await?;
    let before = store::version_tx(&mut tx, id, v.language.code()).await?;
    match (&before, edit) {
        (Some(_), false) => {
            return Err(FieldError::new(
                "resource_language",
                v.language.code(),
                "duplicate_version",
            )
            .into());
        }
        (None, true) => return Err(ServiceError::NotFound),
        _ => {}
    }
    store::save_version(&mut tx, id, &v, actor.user_id, app.now()).await?;
    let after = store::version_tx(&mut tx, id, v.language.code()).await?;
    let e = actor
        .audit("resource.version")
        .entity("resource", id)
        .change(
            before.as_ref().and_then(json),
            after.as_ref().and_then(json),
        )
        .detail(v.language.code());
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}

/// Publish a draft: from now on its readers (by visibility) see it.
pub async fn publish(app: &App, actor: &Actor, id: i64) -> Result<()> {
    editable(app, actor, id).await?;
    let mut tx = app.db.begin().await?;
    if store::publish(&mut tx, id, app.now()).await? {
        let e = actor.audit("resource.publish").entity("resource", id);
        audit::record(&mut tx, app.now(), &e).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Attach a file to one language of a resource, checked by its content and size.
pub async fn add_file(
    app: &App,
    actor: &Actor,
    id: i64,
    language: &str,
    name: &str,
    bytes: &[u8],
) -> Result<i64> {
    editable(app, actor, id).await?;
    let mut inv = Invalid::default();
    let lang = inv.take(domain::language("resource_language", language));
    let up = inv.take(Upload::check(
        name,
        bytes,
        app.config.library_file_max_bytes,
    ));
    let (Some(lang), Some(up)) = (lang, up) else {
        return Err(inv.into());
    };
    let mut tx = app.db.begin().await?;
    let fid = store::add_file(
        &mut tx,
        id,
        lang.code(),
        &up.filename,
        up.kind.content_type(),
        bytes,
        actor.user_id,
        app.now(),
    )
    .await?;
    let e = actor
        .audit("resource.file")
        .entity("resource", id)
        .change(
            None,
            Some(serde_json::json!({ "id": fid, "language": lang.code(),
                "filename": up.filename, "size": up.size, "content_type": up.kind.content_type() })),
        );
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(fid)
}

/// A file to download, if the reader sees its resource.
pub async fn file(
    app: &App,
    actor: Option<&Actor>,
    resource: i64,
    id: i64,
) -> Result<(FileRow, Vec<u8>)> {
    store::file(&app.db, &scope(actor), resource, id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Add a category of the editors' own: a code (lower-case letters, digits, `_`) and a name.
pub async fn add_category(app: &App, actor: &Actor, code: &str, name: &str) -> Result<()> {
    editor(actor)?;
    let mut inv = Invalid::default();
    let c = code.trim().to_ascii_lowercase();
    if c.is_empty()
        || c.len() > 40
        || !c
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_')
    {
        inv.push(FieldError::new("category_code", code, "code_format"));
    } else if domain::CATEGORIES.contains(&c.as_str()) || custom_codes(app).await?.contains(&c) {
        inv.push(FieldError::new("category_code", code, "duplicate"));
    }
    let name = inv.take(liaison_domain::org::text("category_name", name, true, 100));
    let Some(name) = name.filter(|_| inv.is_empty()) else {
        return Err(inv.into());
    };
    let mut tx = app.db.begin().await?;
    store::add_category(&mut tx, &c, &name).await?;
    let e = actor
        .audit("resource.category")
        .detail(format!("{c}: {name}"));
    audit::record(&mut tx, app.now(), &e).await?;
    tx.commit().await?;
    Ok(())
}
