//! E-mail in words (issue 20): each message in its reader's language, as plain text and as
//! HTML, with a footer saying why it came and a link that stops it. The app plans messages;
//! this puts them into words ([`liaison_app::notify::Composer`]). Counts and links only:
//! no message names a patient.

use crate::i18n::Tr;
use askama::Template;
use liaison_app::notify::{Cadence, Composed, Composer, Content};
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

#[derive(Template)]
#[template(path = "mail_digest.html")]
struct DigestHtml<'a> {
    lang: &'static str,
    dir: &'static str,
    subject: &'a str,
    intro: &'a str,
    privacy: &'a str,
    list_header: String,
    due_header: String,
    overdue_header: String,
    lines: &'a [Line],
    footer: &'a str,
    unsubscribe_label: String,
    unsubscribe: &'a str,
}

impl Composer for WebComposer {
    fn compose(&self, language: &str, base_url: &str, unsubscribe: &str, c: &Content) -> Composed {
        let tr = Tr::new(Lang::parse(language).unwrap_or(Lang::En));
        match c {
            Content::Digest {
                cadence,
                fls_code,
                fls_name,
                date,
                time_zone,
                lines,
            } => {
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
                        ("zone", time_zone.clone()),
                    ],
                );
                let privacy = tr.t("mail-digest-privacy");
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
                let lines: Vec<Line> = lines
                    .iter()
                    .map(|l| Line {
                        label: tr.t(&format!("worklist-{}", l.list)),
                        due: tr.int(l.due),
                        overdue: tr.int(l.overdue),
                        url: format!("{base_url}/fls/{fls_code}/worklists/{}", l.list),
                    })
                    .collect();
                let (due_h, overdue_h) = (tr.t("worklist-due"), tr.t("worklist-overdue"));
                let mut text = format!("{intro}\n\n{privacy}\n\n");
                for l in &lines {
                    text.push_str(&format!(
                        "{}: {due_h} {}, {overdue_h} {}\n  {}\n",
                        l.label, l.due, l.overdue, l.url
                    ));
                }
                let unsubscribe_label = tr.t("mail-unsubscribe");
                text.push_str(&format!(
                    "\n-- \n{footer}\n{unsubscribe_label}: {unsubscribe}\n"
                ));
                let html = DigestHtml {
                    lang: tr.lang.code(),
                    dir: tr.lang.dir(),
                    subject: &subject,
                    intro: &intro,
                    privacy: &privacy,
                    list_header: tr.t("mail-digest-list"),
                    due_header: due_h,
                    overdue_header: overdue_h,
                    lines: &lines,
                    footer: &footer,
                    unsubscribe_label,
                    unsubscribe,
                }
                .render()
                .unwrap_or_default();
                Composed {
                    subject,
                    text,
                    html,
                }
            }
        }
    }
}
