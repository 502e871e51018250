//! `liaison notify`: plan the e-mails due now and send them, or (`--dry-run`) print what
//! would be written and sent, changing nothing (docs/cli.md).

use super::explain;
use liaison_app::app::App;
use liaison_app::{Actor, notify};

pub async fn run(app: &App, dry_run: bool) -> Result<(), String> {
    if !dry_run {
        if app.config.mail.is_none() {
            return Err("liaison: mail is off: give --smtp-url (or LIAISON_SMTP_URL)".into());
        }
        let written = notify::plan_due(app).await.map_err(|e| explain(&e))?;
        let d = notify::deliver_due(app).await.map_err(|e| explain(&e))?;
        println!(
            "{written} e-mail(s) written; {} sent, {} to be tried again, {} failed.",
            d.sent, d.deferred, d.failed
        );
        return Ok(());
    }
    if app.config.mail.is_none() {
        println!("Mail is off (no --smtp-url): nothing would be sent.\n");
    }
    let now = app.now();
    let waiting: Vec<_> = notify::outbox_list(app, &Actor::operator(), Some("pending"))
        .await
        .map_err(|e| explain(&e))?
        .into_iter()
        .filter(|r| r.next_attempt_at <= now)
        .collect();
    let planned = notify::due_now(app).await.map_err(|e| explain(&e))?;
    for r in &waiting {
        println!("waiting  to {}  [{}] {}", r.recipient, r.kind, r.subject);
    }
    for p in &planned {
        let m = &p.message;
        println!("due      to {}  [{}] {}", m.recipient, m.kind, m.subject);
        for line in m.body_text.lines() {
            println!("    {line}");
        }
    }
    println!(
        "{} e-mail(s) due to be written, {} waiting in the outbox; nothing was written or sent.",
        planned.len(),
        waiting.len()
    );
    Ok(())
}
