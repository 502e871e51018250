//! Every language has every key, with the same placeholders, and every key the code uses exists.

use liaison_domain::lang::Lang;
use liaison_web::i18n::has_key;
use std::collections::BTreeSet;

fn dir() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../liaison-web/locales").to_string()
}

/// Every `.ftl` file of a language, concatenated in name order (each area keeps its own file).
fn keys_and_vars(lang: Lang) -> Vec<(String, BTreeSet<String>)> {
    let folder = format!("{}/{}", dir(), lang.code());
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{folder}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    let text: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap() + "\n")
        .collect();
    let mut out: Vec<(String, BTreeSet<String>)> = Vec::new();
    for line in text.lines() {
        if let Some((k, _)) = line.split_once(" =").filter(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }) {
            out.push((k.to_string(), BTreeSet::new()));
        }
        if let Some(last) = out.last_mut() {
            let mut rest = line;
            while let Some(i) = rest.find("{ $") {
                let tail = &rest[i + 3..];
                let name: String = tail
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                last.1.insert(name);
                rest = tail;
            }
        }
    }
    out
}

#[test]
fn every_language_has_every_key_with_the_same_placeholders() {
    let en = keys_and_vars(Lang::En);
    assert!(en.len() > 150);
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let other: std::collections::BTreeMap<_, _> = keys_and_vars(lang).into_iter().collect();
        for (k, vars) in &en {
            match other.get(k) {
                None => problems.push(format!("{}: missing {k}", lang.code())),
                Some(v) if v != vars => problems.push(format!(
                    "{}: {k} has placeholders {v:?}, English {vars:?}",
                    lang.code()
                )),
                _ => {}
            }
            // The loader itself must find it (the file parses).
            let names: Vec<&str> = vars.iter().map(String::as_str).collect();
            if !has_key(lang, k, &names) {
                problems.push(format!(
                    "{}: {k} does not load (Fluent syntax?)",
                    lang.code()
                ));
            }
        }
        if other.len() != en.len() {
            problems.push(format!(
                "{}: {} keys, English has {}",
                lang.code(),
                other.len(),
                en.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn en_keys() -> BTreeSet<String> {
    keys_and_vars(Lang::En)
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

fn source_files(root: &str, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(root).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            source_files(p.to_str().unwrap(), ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

#[test]
fn every_key_the_code_uses_exists_in_english() {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut files = Vec::new();
    for krate in ["liaison", "liaison-app", "liaison-web"] {
        source_files(&format!("{base}/{krate}/src"), "rs", &mut files);
    }
    source_files(&format!("{base}/liaison-web/templates"), "html", &mut files);
    let mut missing = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for pat in ["t(\"", "ta(\""] {
            for (i, _) in text.match_indices(pat) {
                let prev = text[..i].chars().last().unwrap_or(' ');
                if prev.is_ascii_alphanumeric() || prev == '_' {
                    continue;
                }
                let key: String = text[i + pat.len()..]
                    .chars()
                    .take_while(|c| *c != '"')
                    .collect();
                if key.contains(['-']) && !en_keys().contains(&key) {
                    missing.insert(format!("{key} ({})", f.display()));
                }
            }
        }
    }
    // Keys built from codes: every role, region, model, group, outcome and rule.
    let dynamic = [
        liaison_domain::auth::Role::ALL
            .iter()
            .map(|r| format!("role-{}", r.code()))
            .collect::<Vec<_>>(),
        liaison_domain::org::Region::ALL
            .iter()
            .map(|r| format!("region-{}", r.code()))
            .collect(),
        liaison_domain::org::ServiceModel::ALL
            .iter()
            .map(|m| format!("model-{}", m.code()))
            .collect(),
        liaison_domain::org::PatientGroups::CODES
            .iter()
            .map(|g| format!("group-{g}"))
            .collect(),
        liaison_domain::pathway::NotNeeded::ALL
            .iter()
            .map(|w| format!("step-why-{}", w.code()))
            .collect(),
        ["ok", "denied", "failed"]
            .iter()
            .map(|o| format!("outcome-{o}"))
            .collect(),
    ];
    for k in dynamic.iter().flatten() {
        if !en_keys().contains(k) {
            missing.insert(k.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "keys used but not in locales/en: {missing:?}"
    );
}

#[test]
fn every_validation_rule_of_the_domain_has_a_message() {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut files = Vec::new();
    source_files(&format!("{base}/liaison-domain/src"), "rs", &mut files);
    for krate in ["liaison", "liaison-app", "liaison-web"] {
        source_files(&format!("{base}/{krate}/src"), "rs", &mut files);
    }
    let mut missing = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // FieldError::new(field, value, "rule")
        for (i, _) in text.match_indices("FieldError::new(") {
            let call: String = text[i..].chars().take(300).collect();
            let Some(end) = call.find(')') else { continue };
            let args = &call[..end];
            if let Some(q) = args.rfind(", \"") {
                let rule: String = args[q + 3..].chars().take_while(|c| *c != '"').collect();
                if !rule.is_empty() && !en_keys().contains(&format!("rule-{rule}")) {
                    missing.insert(rule);
                }
            }
        }
    }
    assert!(missing.is_empty(), "rules without a message: {missing:?}");
}

/// Every dataset column is named in the form, errors and exports by its `field-` label (the
/// other languages must have every English key).
#[test]
fn every_dataset_column_has_a_label() {
    let keys = en_keys();
    let missing: Vec<&str> = liaison_domain::dataset::COLUMNS
        .into_iter()
        .filter(|c| !keys.contains(&format!("field-{c}")))
        .collect();
    assert!(missing.is_empty(), "columns without a label: {missing:?}");
}
