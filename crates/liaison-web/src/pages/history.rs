//! The history of a programme record (a self-assessment, a Getting to Gold plan) as each change
//! of each field, before and after, in the reader's language (issue 12: never raw JSON). The
//! audit trail keeps every version as JSON; here each leaf of it is one field, and only the
//! fields that changed are listed. The page names the fields and shows their values.

use crate::ctx::Ctx;
use crate::pages::audit_text;
use liaison_app::audit::AuditRow;
use serde_json::Value;
use std::collections::BTreeMap;
use time::OffsetDateTime;

pub struct FieldChange {
    pub label: String,
    pub before: String,
    pub after: String,
}

pub struct Entry {
    pub at: OffsetDateTime,
    pub actor: String,
    /// The action's label, and its code (shown beside it, as on the audit trail's page).
    pub action: String,
    pub code: String,
    pub changes: Vec<FieldChange>,
}

/// Each leaf of `v` by its dotted path (`answers.s01.hip.option`); an array is one leaf.
fn flatten(v: &Value, path: &str, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten(x, &p, out);
            }
        }
        _ if !path.is_empty() => {
            out.insert(path.to_string(), v.clone());
        }
        _ => {}
    }
}

fn leaves(json: Option<&str>) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Some(v) = json.and_then(|j| serde_json::from_str::<Value>(j).ok()) {
        flatten(&v, "", &mut out);
    }
    out
}

/// The changed fields between two versions, in path order. `label` names a field by its path
/// (an empty name hides bookkeeping such as ids and timestamps); `value` shows a leaf (`Null`
/// is blank).
pub fn changes(
    before: Option<&str>,
    after: Option<&str>,
    label: &impl Fn(&str) -> String,
    value: &impl Fn(&str, &Value) -> String,
) -> Vec<FieldChange> {
    let (b, a) = (leaves(before), leaves(after));
    let mut paths: Vec<&String> = b.keys().chain(a.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| b.get(*p) != a.get(*p))
        .filter_map(|p| Some((p, Some(label(p)).filter(|l| !l.is_empty())?)))
        .map(|(p, label)| {
            let show = |v: Option<&Value>| match v {
                None | Some(Value::Null) => String::new(),
                Some(v) => value(p, v),
            };
            FieldChange {
                label,
                before: show(b.get(p)),
                after: show(a.get(p)),
            }
        })
        .collect()
}

/// The audit rows of a record as entries: when, who, what (translated) and the fields changed.
pub fn entries(
    ctx: &Ctx,
    rows: &[AuditRow],
    label: impl Fn(&str) -> String,
    value: impl Fn(&str, &Value) -> String,
) -> Vec<Entry> {
    rows.iter()
        .map(|r| Entry {
            at: r.at,
            actor: r.actor.clone(),
            action: audit_text::action_label(&ctx.tr, &r.action),
            code: r.action.clone(),
            changes: changes(
                r.before_json.as_deref(),
                r.after_json.as_deref(),
                &label,
                &value,
            ),
        })
        .collect()
}

/// A plain leaf as text: strings as they are, yes/no for booleans, numbers and arrays as JSON.
pub fn plain(ctx: &Ctx, v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => ctx.t("yes"),
        Value::Bool(false) => ctx.t("no"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_leaves_are_listed_with_their_paths() {
        let before = r#"{"status":"draft","answers":{},"publish":true}"#;
        let after =
            r#"{"status":"submitted","answers":{"s01.hip":{"option":"gold"}},"publish":true}"#;
        let c = changes(
            Some(before),
            Some(after),
            &|p: &str| p.to_uppercase(),
            &|_, v: &Value| v.as_str().unwrap_or("?").to_string(),
        );
        let rows: Vec<_> = c
            .iter()
            .map(|c| (c.label.as_str(), c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("ANSWERS.S01.HIP.OPTION", "", "gold"),
                ("STATUS", "draft", "submitted")
            ]
        );
    }
}
