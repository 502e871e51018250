//! E-mail in words (issue 20): each message in its reader's language, as plain text and as
//! HTML, with a footer saying why it came and a link that stops it. The app plans messages;
//! this puts them into words ([`liaison_app::notify::Composer`]). Counts and links only:
//! no message names a patient.

use crate::i18n::Tr;
use askama::Template;
use liaison_app::notify::{Cadence, Composed, Composer, Content, DigestLine};
use liaison_domain::benchmark::Limit;
use liaison_domain::format;
use liaison_domain::lang::Lang;

/// The composer the server and the command line give the app.
#[derive(Debug, Default)]
pub struct WebComposer;

/// One worklist's line, in words.
struct Line {
    label: String,
    due: String,
    overdue: String,
    url: String,
}

/// Every message's HTML: paragraphs, a digest's table, a link, the footer.
#[derive(Template)]
#[template(path = "mail.html")]
struct Html<'a> {
    lang: &'static str,
    dir: &'static str,
    subject: &'a str,
    paragraphs: &'a [String],
    list_header: String,
    due_header: String,
    overdue_header: String,
    lines: &'a [Line],
    link: Option<(String, String)>,
    footer: &'a str,
    unsubscribe_label: String,
    unsubscribe: &'a str,
}

/// A message before it is written out twice (text and HTML).
struct Parts {
    subject: String,
    paragraphs: Vec<String>,
    lines: Vec<Line>,
    link: Option<(String, String)>,
    footer: String,
}

impl Composer for WebComposer {
    fn compose(&self, language: &str, base_url: &str, unsubscribe: &str, c: &Content) -> Composed {
        let tr = Tr::new(Lang::parse(language).unwrap_or(Lang::En));
        let parts = match c {
            Content::Digest {
                cadence,
                fls_code,
                fls_name,
                date,
                time_zone,
                lines,
            } => digest(
                &tr, base_url, *cadence, fls_code, fls_name, date, time_zone, lines,
            ),
            Content::KpiAlert {
                fls_code,
                fls_name,
                kpi,
                limit,
                needs_attention,
                value,
                pooled,
                from,
                to,
            } => {
                let fls = format!("{fls_name} ({fls_code})");
                let kpi_name = tr.t(&format!("kpi-{}", kpi.id()));
                let limit = match limit {
                    Limit::P95 => format::decimal(tr.lang, 95.0, 0),
                    Limit::P998 => format::decimal(tr.lang, 99.8, 1),
                };
                let pct = |x: f64| format::percent(tr.lang, x, 1);
                let side = if *needs_attention {
                    "mail-kpi-side-attention"
                } else {
                    "mail-kpi-side-better"
                };
                let args = [
                    ("fls", fls.clone()),
                    ("kpi", kpi_name.clone()),
                    ("limit", limit.clone()),
                    ("from", tr.date(from)),
                    ("to", tr.date(to)),
                    ("value", pct(*value)),
                    ("pooled", pooled.map(pct).unwrap_or_else(|| "—".into())),
                ];
                Parts {
                    subject: tr.ta("mail-kpi-subject", &args),
                    paragraphs: vec![tr.ta("mail-kpi-body", &args), tr.t(side)],
                    lines: Vec::new(),
                    link: Some((
                        tr.t("mail-kpi-open"),
                        format!("{base_url}/fls/{fls_code}/kpis/{}", kpi.id()),
                    )),
                    footer: tr.t("mail-footer-kpi"),
                }
            }
            Content::FacilitiesDeadline {
                fls_code,
                fls_name,
                year,
                deadline,
                days_left,
            } => {
                let args = [
                    ("fls", format!("{fls_name} ({fls_code})")),
                    ("year", year.to_string()),
                    ("deadline", tr.date(deadline)),
                    ("days", tr.int(*days_left)),
                ];
                Parts {
                    subject: tr.ta("mail-facilities-subject", &args),
                    paragraphs: vec![
                        tr.ta("mail-facilities-body", &args),
                        tr.t("mail-facilities-after"),
                    ],
                    lines: Vec::new(),
                    link: Some((
                        tr.t("mail-facilities-open"),
                        format!("{base_url}/fls/{fls_code}/facilities"),
                    )),
                    footer: tr.ta("mail-footer-facilities", &args),
                }
            }
            Content::EventConfirmation(m) | Content::EventReminder(m) => {
                let reminder = matches!(c, Content::EventReminder(_));
                let parts = event(&tr, base_url, m, reminder);
                return write(&tr, parts, unsubscribe, tr.t("mail-event-cancel"));
            }
        };
        write(&tr, parts, unsubscribe, tr.t("mail-unsubscribe"))
    }
}

/// A registration's confirmation (or waiting-list notice) or its reminder the day before, the
/// times in the reader's zone, named with its offset.
fn event(tr: &Tr, base_url: &str, m: &liaison_app::notify::EventMail, reminder: bool) -> Parts {
    let start = liaison_domain::events::wall_time(m.starts_at, &m.time_zone);
    let end = liaison_domain::events::wall_time(m.ends_at, &m.time_zone);
    let args = [
        ("title", m.title.clone()),
        ("date", tr.date(&start.date)),
        ("start", start.clock()),
        ("end", end.clock()),
        ("zone", format!("{}, UTC{}", start.zone, start.offset())),
        ("place", m.place.clone()),
    ];
    let (subject, first) = match (reminder, m.waiting) {
        (true, _) => ("mail-event-reminder-subject", "mail-event-reminder-body"),
        (false, true) => ("mail-event-waiting-subject", "mail-event-waiting-body"),
        (false, false) => ("mail-event-confirmed-subject", "mail-event-confirmed-body"),
    };
    Parts {
        subject: tr.ta(subject, &args),
        paragraphs: vec![tr.ta(first, &args), tr.ta("mail-event-when", &args)],
        lines: Vec::new(),
        link: Some((
            tr.t("mail-event-open"),
            format!("{base_url}/events/{}", m.event_id),
        )),
        footer: tr.t("mail-footer-event"),
    }
}

#[allow(clippy::too_many_arguments)]
fn digest(
    tr: &Tr,
    base_url: &str,
    cadence: Cadence,
    fls_code: &str,
    fls_name: &str,
    date: &time::Date,
    time_zone: &str,
    lines: &[DigestLine],
) -> Parts {
    let fls = format!("{fls_name} ({fls_code})");
    let subject = tr.ta(
        match cadence {
            Cadence::Daily => "mail-digest-subject-daily",
            Cadence::Weekly => "mail-digest-subject-weekly",
        },
        &[("fls", fls.clone())],
    );
    let intro = tr.ta(
        "mail-digest-intro",
        &[
            ("fls", fls.clone()),
            ("date", tr.date(date)),
            ("zone", time_zone.to_string()),
        ],
    );
    let footer = tr.ta(
        "mail-footer-digest",
        &[
            (
                "cadence",
                tr.t(&format!("notify-cadence-{}", cadence.code())),
            ),
            ("fls", fls),
        ],
    );
    Parts {
        subject,
        paragraphs: vec![intro, tr.t("mail-digest-privacy")],
        lines: lines
            .iter()
            .map(|l| Line {
                label: tr.t(&format!("worklist-{}", l.list)),
                due: tr.int(l.due),
                overdue: tr.int(l.overdue),
                url: format!("{base_url}/fls/{fls_code}/worklists/{}", l.list),
            })
            .collect(),
        link: None,
        footer,
    }
}

/// The message as plain text and as HTML, from the same parts.
fn write(tr: &Tr, p: Parts, unsubscribe: &str, unsubscribe_label: String) -> Composed {
    let (due_h, overdue_h) = (tr.t("worklist-due"), tr.t("worklist-overdue"));
    let mut text = p.paragraphs.join("\n\n");
    text.push_str("\n\n");
    for l in &p.lines {
        text.push_str(&format!(
            "{}: {due_h} {}, {overdue_h} {}\n  {}\n",
            l.label, l.due, l.overdue, l.url
        ));
    }
    if let Some((label, url)) = &p.link {
        text.push_str(&format!("{label}: {url}\n"));
    }
    text.push_str(&format!(
        "\n-- \n{}\n{unsubscribe_label}: {unsubscribe}\n",
        p.footer
    ));
    let html = Html {
        lang: tr.lang.code(),
        dir: tr.lang.dir(),
        subject: &p.subject,
        paragraphs: &p.paragraphs,
        list_header: tr.t("mail-digest-list"),
        due_header: due_h,
        overdue_header: overdue_h,
        lines: &p.lines,
        link: p.link.clone(),
        footer: &p.footer,
        unsubscribe_label,
        unsubscribe,
    }
    .render()
    .unwrap_or_default();
    Composed {
        subject: p.subject,
        text,
        html,
    }
}
