//! The refractures a user ticked in an import's preview, recorded by the confirmed import in
//! its own transaction (docs/io.md, "Refractures offered by an import"). Each tick is checked
//! again against the stored timeline as the import's transaction sees it: it must still be the
//! offer of its line, for the very episode the preview named. Any tick that is not makes the
//! whole import fail, so nothing is written, neither the rows nor any refracture.

use super::*;

/// An offer the user ticked: the file's line of the new fracture and the earlier episode
/// (its id) it is recorded on as the refracture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tick {
    pub line: usize,
    pub episode_id: i64,
}

impl Tick {
    /// A tick as a form sends it: `line:episode_id`.
    pub fn parse(s: &str) -> Option<Tick> {
        let (line, id) = s.split_once(':')?;
        Some(Tick {
            line: line.trim().parse().ok()?,
            episode_id: id.trim().parse().ok()?,
        })
    }

    pub fn of(offer: &RefractureOffer) -> Tick {
        Tick {
            line: offer.line,
            episode_id: offer.episode_id,
        }
    }
}

/// A new row of the file whose fracture a tick records: (line, FLS state index, patient,
/// fracture date, site code).
pub(super) type Fresh = (usize, usize, String, Date, String);

/// What the confirmed import holds back for the ticks: stored episodes a row of the file also
/// changes (written once, with the refracture on top, so the version check still holds).
pub(super) type Deferred = HashMap<i64, (EpisodeRow, Episode)>;

fn refused(line: usize, value: &str, rule: &'static str) -> LineError {
    LineError::new(line, FieldError::new("refracture_date", value, rule))
}

/// Record every tick in `tx`, with an `episode.update` audit row each (before and after, as a
/// form edit), after writing the deferred rows no tick took. Returns the ticks' errors (then
/// the caller rolls back), or how many refractures were recorded.
pub(super) async fn record(
    actor: &Actor,
    tx: &mut ImportTx,
    states: &[FlsState],
    fresh: &[Fresh],
    ticks: &[Tick],
    mut deferred: Deferred,
    now: time::OffsetDateTime,
) -> Result<std::result::Result<usize, Vec<LineError>>> {
    let mut errors = Vec::new();
    let mut given: HashSet<i64> = HashSet::new();
    let mut writes = Vec::new();
    let mut ticks = ticks.to_vec();
    ticks.sort_by_key(|t| t.line);
    for tick in &ticks {
        let Some((line, idx, patient_ref, date, site)) = fresh.iter().find(|f| f.0 == tick.line)
        else {
            errors.push(refused(tick.line, "", "refracture_not_offered"));
            continue;
        };
        let value = date.to_string();
        let st = &states[*idx];
        let ids: Vec<i64> = st
            .keys
            .iter()
            .filter(|((r, _), _)| r == patient_ref)
            .map(|(_, id)| *id)
            .collect();
        let timeline = tx.rows(&actor.access.import_patients, &ids).await?;
        let dates: Vec<_> = timeline
            .iter()
            .map(|r| (r.fracture_date, r.refracture_date))
            .collect();
        let earlier = liaison_domain::timeline::refracture_offer(&dates, *date)
            .map(|i| &timeline[i])
            .filter(|r| r.id == tick.episode_id && r.fls_id == st.row.id);
        let Some(earlier) = earlier else {
            errors.push(refused(*line, &value, "refracture_not_offered"));
            continue;
        };
        // Two new fractures of one patient are both offered to the same earlier episode; it
        // takes one refracture, never overwritten.
        if !given.insert(earlier.id) {
            errors.push(refused(*line, &value, "refracture_ticked_twice"));
            continue;
        }
        let (row, base) = deferred
            .remove(&earlier.id)
            .unwrap_or_else(|| (earlier.clone(), earlier.to_episode()));
        // The file's own row for the earlier episode may not give it a refracture of its own.
        if base.refracture_date.is_some() {
            errors.push(refused(*line, &value, "refracture_not_offered"));
            continue;
        }
        let mut input = EpisodeInput::from(&base);
        input.fls_code = row.fls_code.clone();
        input.set("refracture_date", value.clone());
        input.set("refracture_site", site.clone());
        match dataset::parse(&input, &st.opts) {
            Ok((e, _)) => writes.push((row, input, e)),
            Err(inv) => errors.extend(inv.0.into_iter().map(|e| LineError::new(*line, e))),
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let recorded = writes.len();
    for (row, after, e) in writes {
        write(actor, tx, &row, e, after, now).await?;
    }
    // Rows held back for an episode no tick took (none when every tick holds): as usual.
    for (_, (row, e)) in deferred {
        let mut after = EpisodeInput::from(&e);
        after.fls_code = row.fls_code.clone();
        write(actor, tx, &row, e, after, now).await?;
    }
    Ok(Ok(recorded))
}

/// Write a stored episode changed by the import, with its audit row (before and after).
async fn write(
    actor: &Actor,
    tx: &mut ImportTx,
    row: &EpisodeRow,
    e: Episode,
    after: EpisodeInput,
    now: time::OffsetDateTime,
) -> Result<()> {
    let a = actor
        .audit("episode.update")
        .entity("episode", row.id)
        .fls(row.fls_id)
        .change(
            serde_json::to_value(row.to_input()).ok(),
            serde_json::to_value(after).ok(),
        )
        .detail("import");
    Ok(tx.update(row, e, actor.user_id, now, a).await?)
}
