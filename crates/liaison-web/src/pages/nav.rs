//! Links a user may follow (issue 12): the rights the navigation, the FLS tabs and the home
//! page ask before they show a link, so no link leads to a page that answers 404.

use crate::ctx::Ctx;
use liaison_domain::access::Access;
use liaison_domain::auth::Role;

impl Ctx {
    /// The rights of the signed-in user (none before the second factor is done).
    fn rights(&self) -> Option<&Access> {
        self.session
            .as_ref()
            .filter(|_| self.signed_in())
            .map(|s| &s.access)
    }
    /// May this user open the patients (list, worklists, export) of this FLS? (By reference:
    /// templates pass their fields so.)
    pub fn may_read_patients(&self, fls_id: &i64) -> bool {
        self.rights()
            .is_some_and(|a| a.read_patients.contains(*fls_id))
    }
    /// May this user open the join-the-network pipeline? The programme (administrators and
    /// reviewers) and national leads (a national lead's grant always names a country), as
    /// `liaison_app::network` decides.
    pub fn may_see_network(&self) -> bool {
        self.rights().is_some_and(|a| {
            [
                Role::Administrator,
                Role::ProgrammeReviewer,
                Role::NationalLead,
            ]
            .into_iter()
            .any(|r| a.has_role(r))
        })
    }
    /// May this user see at least one FLS's figures (the KPI index and scope pages)?
    pub fn may_compare(&self) -> bool {
        self.rights().is_some_and(|a| !a.view_aggregates.is_empty())
    }
}

/// A link with its text, and the code it is about (shown isolated: Arabic runs right to
/// left around it).
pub struct Link {
    pub href: String,
    pub label: String,
    pub code: Option<String>,
}

impl Link {
    pub fn new(href: impl Into<String>, label: impl Into<String>) -> Link {
        Link {
            href: href.into(),
            label: label.into(),
            code: None,
        }
    }
    /// The same link about an FLS or country code.
    pub fn about(mut self, code: &str) -> Link {
        self.code = Some(code.to_string());
        self
    }
}

/// A titled group of links on the home page.
pub struct LinkGroup {
    pub title: String,
    pub links: Vec<Link>,
}
