//! Rights: what a signed-in user may do, and over which FLSs. Computed once per request from
//! the user's role grants and the organisation tree, then handed to every store function so no
//! query can run unscoped.

use crate::auth::Role;
use crate::org::Region;
use serde::Serialize;
use std::collections::BTreeSet;

/// One role held over one scope element (an FLS, a country or a region; none for global roles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub role: Role,
    pub fls_id: Option<i64>,
    pub country: Option<String>,
    pub region: Option<Region>,
}

/// Where an FLS sits in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlsPlace {
    pub id: i64,
    pub country: String,
    pub region: Region,
}

/// A set of FLSs: all of them, or the listed ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FlsSet {
    All,
    Only(BTreeSet<i64>),
}

impl FlsSet {
    pub fn none() -> Self {
        FlsSet::Only(BTreeSet::new())
    }
    pub fn contains(&self, id: i64) -> bool {
        match self {
            FlsSet::All => true,
            FlsSet::Only(s) => s.contains(&id),
        }
    }
    pub fn is_empty(&self) -> bool {
        matches!(self, FlsSet::Only(s) if s.is_empty())
    }
}

/// The rights of one user.
#[derive(Debug, Clone, Serialize)]
pub struct Access {
    pub user_id: i64,
    pub roles: BTreeSet<Role>,
    /// Read the FLS's patients (identifiable data).
    pub read_patients: FlsSet,
    /// Create and change the FLS's patients.
    pub write_patients: FlsSet,
    /// See the FLS's profile and aggregate figures.
    pub view_aggregates: FlsSet,
    /// Add and remove the FLS's users.
    pub manage_fls_users: FlsSet,
    /// Search and export the FLS's part of the audit trail.
    pub view_audit: FlsSet,
    /// Import episodes from files into the FLS (administrators everywhere, FLS leads at their
    /// FLS). Always within `write_patients`: an import's preview shows which stored episodes a
    /// file's rows match and how they differ, which is patient data (issue 12).
    pub import_patients: FlsSet,
    /// Restore the FLS's deleted episodes within the period of `deletion::RESTORE_DAYS`
    /// (administrators everywhere, FLS leads at their FLS; clinicians delete but do not restore).
    pub restore_patients: FlsSet,
}

impl Access {
    /// The countries and regions whose FLSs [`Access::build`] needs to know for these grants
    /// (national and regional leads); an FLS-bound user needs none.
    pub fn places_needed(grants: &[Grant]) -> (Vec<String>, Vec<String>) {
        let mut countries = Vec::new();
        let mut regions = Vec::new();
        for g in grants {
            match g.role {
                Role::NationalLead => countries.extend(g.country.clone()),
                Role::RegionalLead => regions.extend(g.region.map(|r| r.code().to_string())),
                _ => {}
            }
        }
        (countries, regions)
    }

    pub fn build(user_id: i64, grants: &[Grant], places: &[FlsPlace]) -> Access {
        let roles: BTreeSet<Role> = grants.iter().map(|g| g.role).collect();
        let mut a = Access {
            user_id,
            roles: roles.clone(),
            read_patients: FlsSet::none(),
            write_patients: FlsSet::none(),
            view_aggregates: FlsSet::none(),
            manage_fls_users: FlsSet::none(),
            view_audit: FlsSet::none(),
            import_patients: FlsSet::none(),
            restore_patients: FlsSet::none(),
        };
        if roles.contains(&Role::Administrator) {
            a.read_patients = FlsSet::All;
            a.write_patients = FlsSet::All;
            a.view_aggregates = FlsSet::All;
            a.manage_fls_users = FlsSet::All;
            a.view_audit = FlsSet::All;
            a.import_patients = FlsSet::All;
            a.restore_patients = FlsSet::All;
            return a;
        }
        if roles.contains(&Role::ProgrammeReviewer) {
            a.view_aggregates = FlsSet::All;
        }
        let add = |set: &mut FlsSet, id: i64| {
            if let FlsSet::Only(s) = set {
                s.insert(id);
            }
        };
        for g in grants {
            match g.role {
                Role::Administrator | Role::ProgrammeReviewer | Role::ProgrammeEditor => {}
                Role::NationalLead => {
                    for p in places
                        .iter()
                        .filter(|p| Some(&p.country) == g.country.as_ref())
                    {
                        add(&mut a.view_aggregates, p.id);
                    }
                }
                Role::RegionalLead => {
                    for p in places.iter().filter(|p| Some(p.region) == g.region) {
                        add(&mut a.view_aggregates, p.id);
                    }
                }
                Role::Mentor | Role::Viewer => {
                    if let Some(id) = g.fls_id {
                        add(&mut a.view_aggregates, id);
                    }
                }
                Role::FlsClinician => {
                    if let Some(id) = g.fls_id {
                        add(&mut a.view_aggregates, id);
                        add(&mut a.read_patients, id);
                        add(&mut a.write_patients, id);
                    }
                }
                Role::FlsLead => {
                    if let Some(id) = g.fls_id {
                        add(&mut a.view_aggregates, id);
                        add(&mut a.read_patients, id);
                        add(&mut a.write_patients, id);
                        add(&mut a.manage_fls_users, id);
                        add(&mut a.view_audit, id);
                        add(&mut a.import_patients, id);
                        add(&mut a.restore_patients, id);
                    }
                }
            }
        }
        a
    }

    /// The registry's operator at the command line: every right (docs/cli.md).
    pub fn operator() -> Access {
        Access {
            user_id: 0,
            roles: [Role::Administrator].into(),
            read_patients: FlsSet::All,
            write_patients: FlsSet::All,
            view_aggregates: FlsSet::All,
            manage_fls_users: FlsSet::All,
            view_audit: FlsSet::All,
            import_patients: FlsSet::All,
            restore_patients: FlsSet::All,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.roles.contains(&Role::Administrator)
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Vec<FlsPlace> {
        vec![
            FlsPlace {
                id: 1,
                country: "GB".into(),
                region: Region::Europe,
            },
            FlsPlace {
                id: 2,
                country: "GB".into(),
                region: Region::Europe,
            },
            FlsPlace {
                id: 3,
                country: "ES".into(),
                region: Region::Europe,
            },
            FlsPlace {
                id: 4,
                country: "BR".into(),
                region: Region::LatinAmerica,
            },
        ]
    }

    fn grant(role: Role) -> Grant {
        Grant {
            role,
            fls_id: None,
            country: None,
            region: None,
        }
    }

    #[test]
    fn national_lead_sees_aggregates_of_their_countries_only() {
        let g = Grant {
            country: Some("GB".into()),
            ..grant(Role::NationalLead)
        };
        let a = Access::build(9, &[g], &places());
        assert!(a.view_aggregates.contains(1) && a.view_aggregates.contains(2));
        assert!(!a.view_aggregates.contains(3));
        assert!(a.read_patients.is_empty());
        // Aggregates only: an import preview would show their services' stored episodes.
        assert!(a.import_patients.is_empty());
    }

    /// Whoever may import into an FLS may write its patients, whatever the roles held.
    #[test]
    fn import_never_reaches_beyond_writing() {
        for role in Role::ALL {
            let g = Grant {
                fls_id: Some(1),
                country: Some("GB".into()),
                region: Some(Region::Europe),
                ..grant(role)
            };
            let a = Access::build(9, &[g], &places());
            for id in 1..=4 {
                assert!(
                    !a.import_patients.contains(id) || a.write_patients.contains(id),
                    "{role:?} imports into {id} without writing it"
                );
            }
        }
    }

    #[test]
    fn regional_lead_and_mentor_and_viewer() {
        let r = Grant {
            region: Some(Region::Europe),
            ..grant(Role::RegionalLead)
        };
        let a = Access::build(9, &[r], &places());
        assert_eq!(a.view_aggregates, FlsSet::Only([1, 2, 3].into()));
        let m = Grant {
            fls_id: Some(4),
            ..grant(Role::Mentor)
        };
        let v = Grant {
            fls_id: Some(1),
            ..grant(Role::Viewer)
        };
        let a = Access::build(9, &[m, v], &places());
        assert_eq!(a.view_aggregates, FlsSet::Only([1, 4].into()));
        assert!(a.read_patients.is_empty() && a.manage_fls_users.is_empty());
    }

    #[test]
    fn fls_roles_and_several_grants() {
        let lead = Grant {
            fls_id: Some(1),
            ..grant(Role::FlsLead)
        };
        let clin = Grant {
            fls_id: Some(2),
            ..grant(Role::FlsClinician)
        };
        let a = Access::build(9, &[lead, clin], &places());
        assert_eq!(a.read_patients, FlsSet::Only([1, 2].into()));
        assert_eq!(a.manage_fls_users, FlsSet::Only([1].into()));
        assert_eq!(a.view_audit, FlsSet::Only([1].into()));
        assert_eq!(a.import_patients, FlsSet::Only([1].into()));
        // A clinician deletes (write_patients) but only a lead restores.
        assert_eq!(a.restore_patients, FlsSet::Only([1].into()));
        assert!(a.write_patients.contains(2));
        assert!(!a.write_patients.contains(3));
    }

    #[test]
    fn admin_and_reviewer() {
        let a = Access::build(1, &[grant(Role::Administrator)], &places());
        assert!(a.read_patients.contains(4) && a.is_admin());
        assert!(a.restore_patients.contains(4));
        let r = Access::build(1, &[grant(Role::ProgrammeReviewer)], &places());
        assert!(r.view_aggregates.contains(4) && r.read_patients.is_empty());
    }
}
