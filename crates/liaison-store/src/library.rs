//! The resource library (issue 16): not patient data. Every read takes the reader's
//! [`LibraryScope`] so a draft or a mentors-only resource is never read for someone who may not
//! see it; editing rights are checked by the caller, who writes the audit row in the same
//! transaction.

use crate::{Db, Result, Tx, on_db, on_tx};
use liaison_domain::library::{LibraryScope, Resource, SearchTerms, Version};
use serde::Serialize;
use sqlx::{AssertSqlSafe, FromRow};
use time::{Date, OffsetDateTime};

#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct ResourceRow {
    pub id: i64,
    pub category: String,
    pub audiences: String,
    pub tags: String,
    pub countries: String,
    pub visibility: String,
    pub owner_id: Option<i64>,
    pub review_by: Option<Date>,
    pub status: String,
    #[serde(skip)]
    pub updated_at: OffsetDateTime,
}

impl ResourceRow {
    /// A stored comma list (`,a,b,`) as its codes.
    pub fn list(s: &str) -> Vec<String> {
        s.split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct VersionRow {
    pub id: i64,
    pub resource_id: i64,
    pub language: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub links: String,
    pub revision: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct FileRow {
    pub id: i64,
    pub resource_id: i64,
    pub language: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

/// One search result: a version of a resource the reader may see.
#[derive(Debug, Clone, PartialEq, FromRow, Serialize)]
pub struct HitRow {
    pub resource_id: i64,
    pub language: String,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub visibility: String,
    pub status: String,
    pub score: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow, Serialize)]
pub struct CitationRow {
    pub kind: String,
    pub fls_id: i64,
    pub reference: String,
}

/// The filters of a search; empty strings filter nothing.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub terms: SearchTerms,
    pub category: String,
    pub language: String,
    pub audience: String,
    pub country: String,
    pub limit: i64,
}

/// Full-text conditions for a folded text column, the same SQL on both engines (reusable by
/// any searched table, the FAQ's too): every word of `terms` must occur in `text_col` as a
/// substring, and the score counts words found in `title_col` three times and each word once.
/// Returns the WHERE part (without `AND`), the score expression, and the values to bind, in
/// order, from placeholder `$first`: the WHERE part's then the score's.
pub fn like_search(
    terms: &SearchTerms,
    text_col: &str,
    title_col: &str,
    first: usize,
) -> (String, String, Vec<String>) {
    let pats = terms.like_patterns();
    if pats.is_empty() {
        return ("1 = 1".into(), "0".into(), vec![]);
    }
    let n = pats.len();
    let wheres: Vec<String> = (0..n)
        .map(|i| format!("{text_col} LIKE ${} ESCAPE '\\'", first + i))
        .collect();
    let scores: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(CASE WHEN {title_col} LIKE ${} ESCAPE '\\' THEN 3 ELSE 1 END)",
                first + n + i
            )
        })
        .collect();
    let mut binds = pats.clone();
    binds.extend(pats);
    (wheres.join(" AND "), scores.join(" + "), binds)
}

/// The scope's condition on `resources r`, with no values bound (codes are the domain's own).
fn scope_sql(scope: &LibraryScope) -> String {
    let vis: Vec<String> = scope
        .visibilities
        .iter()
        .map(|v| format!("'{v}'"))
        .collect();
    let status = if scope.drafts {
        ""
    } else {
        " AND r.status = 'published'"
    };
    format!("r.visibility IN ({}){status}", vis.join(", "))
}

/// Resources matching `f`, one row per matching version, best first.
pub async fn search(db: &Db, scope: &LibraryScope, f: &Filter) -> Result<Vec<HitRow>> {
    let (words, score, word_binds) = like_search(&f.terms, "v.search_text", "v.search_title", 5);
    let sql = format!(
        "SELECT r.id AS resource_id, v.language, v.title, v.summary, r.category, r.visibility, \
         r.status, CAST(({score}) AS BIGINT) AS score \
         FROM resource_versions v JOIN resources r ON r.id = v.resource_id \
         WHERE {} AND ($1 = '' OR r.category = $1) AND ($2 = '' OR v.language = $2) \
         AND ($3 = '' OR r.audiences LIKE $3) \
         AND ($4 = '' OR r.countries = ',' OR r.countries LIKE $4) AND {words} \
         ORDER BY score DESC, r.updated_at DESC, r.id, v.id LIMIT {}",
        scope_sql(scope),
        f.limit.clamp(1, 1000)
    );
    let wrap = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!("%,{s},%")
        }
    };
    let fixed = [
        f.category.clone(),
        f.language.clone(),
        wrap(&f.audience),
        wrap(&f.country),
    ];
    Ok(on_db!(db, p => {
        let mut q = sqlx::query_as(AssertSqlSafe(sql));
        for b in fixed.iter().chain(&word_binds) {
            q = q.bind(b.clone());
        }
        q.fetch_all(p).await
    })?)
}

const RESOURCE: &str = "SELECT r.id, r.category, r.audiences, r.tags, r.countries, \
    r.visibility, r.owner_id, r.review_by, r.status, r.updated_at FROM resources r";

/// One resource, if the scope sees it.
pub async fn get(db: &Db, scope: &LibraryScope, id: i64) -> Result<Option<ResourceRow>> {
    let sql = format!("{RESOURCE} WHERE r.id = $1 AND {}", scope_sql(scope));
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)?)
}

pub async fn get_tx(tx: &mut Tx, id: i64) -> Result<Option<ResourceRow>> {
    let sql = format!("{RESOURCE} WHERE r.id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)?)
}

/// `,a,b,`: searchable by `LIKE '%,a,%'`.
fn joined<S: AsRef<str>>(v: &[S]) -> String {
    let mut s = String::from(",");
    for x in v {
        s.push_str(x.as_ref());
        s.push(',');
    }
    s
}

/// Store a new resource (`id` None, as a draft) or change one; returns its id.
pub async fn save(
    tx: &mut Tx,
    id: Option<i64>,
    r: &Resource,
    owner: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64> {
    const INSERT: &str = "INSERT INTO resources (category, audiences, tags, countries, \
        visibility, review_by, created_at, updated_at, owner_id) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING id";
    const UPDATE: &str = "UPDATE resources SET category = $1, audiences = $2, tags = $3, \
        countries = $4, visibility = $5, review_by = $6, updated_at = $7 WHERE id = $8 \
        RETURNING id";
    let (id,): (i64,) = on_tx!(tx, c => {
        let q = sqlx::query_as(if id.is_some() { UPDATE } else { INSERT })
            .bind(&r.category)
            .bind(joined(&r.audiences))
            .bind(r.tags.join(", "))
            .bind(joined(&r.countries))
            .bind(r.visibility)
            .bind(r.review_by)
            .bind(now);
        let q = match id {
            Some(id) => q.bind(id),
            None => q.bind(owner),
        };
        q.fetch_one(c).await
    })?;
    Ok(id)
}

pub async fn publish(tx: &mut Tx, id: i64, now: OffsetDateTime) -> Result<bool> {
    const SQL: &str = "UPDATE resources SET status = 'published', updated_at = $2 \
        WHERE id = $1 AND status = 'draft'";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(id).bind(now).execute(c).await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

const VERSION: &str = "SELECT id, resource_id, language, title, summary, body, links, revision \
    FROM resource_versions";

/// The versions of a resource, in the order they were added (the first is the original).
pub async fn versions(db: &Db, resource: i64) -> Result<Vec<VersionRow>> {
    let sql = format!("{VERSION} WHERE resource_id = $1 ORDER BY id");
    Ok(on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(resource).fetch_all(p).await)?)
}

pub async fn version_tx(tx: &mut Tx, resource: i64, language: &str) -> Result<Option<VersionRow>> {
    let sql = format!("{VERSION} WHERE resource_id = $1 AND language = $2");
    Ok(
        on_tx!(tx, c => sqlx::query_as(AssertSqlSafe(sql)).bind(resource).bind(language)
        .fetch_optional(c).await)?,
    )
}

/// Add the version of its language, or change it (a new revision); the state saved is kept
/// in the history either way. Returns the version's id.
pub async fn save_version(
    tx: &mut Tx,
    resource: i64,
    v: &Version,
    editor: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64> {
    const INSERT: &str = "INSERT INTO resource_versions (resource_id, language, title, \
        summary, body, links, search_title, search_text, revision, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9) RETURNING id, revision";
    const UPDATE: &str = "UPDATE resource_versions SET title = $3, summary = $4, body = $5, \
        links = $6, search_title = $7, search_text = $8, revision = revision + 1, \
        updated_at = $9 WHERE resource_id = $1 AND language = $2 RETURNING id, revision";
    const HISTORY: &str = "INSERT INTO resource_version_history (version_id, revision, title, \
        summary, body, links, edited_by, edited_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    let exists = version_tx(tx, resource, v.language.code()).await?.is_some();
    let links = v.links.join("\n");
    let (id, revision): (i64, i64) = on_tx!(tx, c => sqlx::query_as(if exists { UPDATE } else { INSERT })
        .bind(resource)
        .bind(v.language.code())
        .bind(&v.title)
        .bind(&v.summary)
        .bind(&v.body)
        .bind(&links)
        .bind(liaison_domain::fold::fold(&v.title))
        .bind(v.search_text())
        .bind(now)
        .fetch_one(c).await)?;
    on_tx!(tx, c => sqlx::query(HISTORY).bind(id).bind(revision).bind(&v.title)
        .bind(&v.summary).bind(&v.body).bind(&links).bind(editor).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    const TOUCH: &str = "UPDATE resources SET updated_at = $2 WHERE id = $1";
    on_tx!(tx, c => sqlx::query(TOUCH).bind(resource).bind(now).execute(c).await
        .map(|r| r.rows_affected()))?;
    Ok(id)
}

/// How many saved states each version has (the history's length).
pub async fn history_counts(db: &Db, resource: i64) -> Result<Vec<(String, i64)>> {
    const SQL: &str = "SELECT v.language, COUNT(h.id) FROM resource_versions v \
        JOIN resource_version_history h ON h.version_id = v.id WHERE v.resource_id = $1 \
        GROUP BY v.language ORDER BY v.language";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(resource).fetch_all(p).await)?)
}

#[allow(clippy::too_many_arguments)]
pub async fn add_file(
    tx: &mut Tx,
    resource: i64,
    language: &str,
    filename: &str,
    content_type: &str,
    content: &[u8],
    by: Option<i64>,
    now: OffsetDateTime,
) -> Result<i64> {
    const SQL: &str = "INSERT INTO resource_files (resource_id, language, filename, \
        content_type, size, content, uploaded_by, uploaded_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(SQL).bind(resource).bind(language)
        .bind(filename).bind(content_type).bind(content.len() as i64).bind(content.to_vec())
        .bind(by).bind(now).fetch_one(c).await)?;
    Ok(id)
}

pub async fn files(db: &Db, resource: i64) -> Result<Vec<FileRow>> {
    const SQL: &str = "SELECT id, resource_id, language, filename, content_type, size \
        FROM resource_files WHERE resource_id = $1 ORDER BY language, id";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(resource).fetch_all(p).await)?)
}

/// A file with its bytes, if the scope sees its resource.
pub async fn file(
    db: &Db,
    scope: &LibraryScope,
    resource: i64,
    id: i64,
) -> Result<Option<(FileRow, Vec<u8>)>> {
    let sql = format!(
        "SELECT f.id, f.resource_id, f.language, f.filename, f.content_type, f.size, f.content \
         FROM resource_files f JOIN resources r ON r.id = f.resource_id \
         WHERE f.resource_id = $1 AND f.id = $2 AND {}",
        scope_sql(scope)
    );
    #[derive(FromRow)]
    struct Full {
        #[sqlx(flatten)]
        row: FileRow,
        content: Vec<u8>,
    }
    let r: Option<Full> = on_db!(db, p => sqlx::query_as(AssertSqlSafe(sql)).bind(resource)
        .bind(id).fetch_optional(p).await)?;
    Ok(r.map(|f| (f.row, f.content)))
}

/// Categories editors added, by name.
pub async fn categories(db: &Db) -> Result<Vec<(String, String)>> {
    const SQL: &str = "SELECT code, name FROM resource_categories ORDER BY name";
    Ok(on_db!(db, p => sqlx::query_as(SQL).fetch_all(p).await)?)
}

pub async fn add_category(tx: &mut Tx, code: &str, name: &str) -> Result<bool> {
    const SQL: &str =
        "INSERT INTO resource_categories (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(code).bind(name).execute(c).await
        .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// Record that an FLS's milestone evidence or BPF answer cites this resource.
pub async fn cite(
    tx: &mut Tx,
    resource: i64,
    kind: &str,
    fls: i64,
    reference: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    const SQL: &str = "INSERT INTO resource_citations (resource_id, kind, fls_id, reference, \
        created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
    let n = on_tx!(tx, c => sqlx::query(SQL).bind(resource).bind(kind).bind(fls)
        .bind(reference).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn citations(db: &Db, resource: i64) -> Result<Vec<CitationRow>> {
    const SQL: &str = "SELECT kind, fls_id, reference FROM resource_citations \
        WHERE resource_id = $1 ORDER BY kind, fls_id, reference";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(resource).fetch_all(p).await)?)
}
