//! Use cases shared by the web UI, the API and the command line: each checks rights, validates,
//! writes in one transaction and records the audit trail.

pub mod app;
pub mod audit;
pub mod auth;
pub mod calculator;
pub mod coalitions;
pub mod episodes;
pub mod error_code;
pub mod events;
pub mod export;
pub mod facilities;
pub mod home;
pub mod housekeeping;
pub mod import;
pub mod kpi;
pub mod letter;
pub mod library;
pub mod mentorship;
pub mod network;
pub mod notify;
pub mod objectives;
pub mod orgs;
pub mod policy;
pub mod programme;
pub mod report;
pub mod secret_key;
pub mod users;

pub use app::{App, Config, SystemClock};
pub use error_code::ErrorCode;

use liaison_domain::access::Access;
use liaison_domain::error::{FieldError, Invalid};
use liaison_store::StoreError;

/// Who is acting, for rights and for the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
    pub ip: String,
    pub access: Access,
}

impl Actor {
    /// The registry's operator at the command line (docs/cli.md: every right).
    pub fn operator() -> Actor {
        Actor {
            user_id: None,
            label: "operator".into(),
            ip: "cli".into(),
            access: Access::operator(),
        }
    }

    pub fn audit(&self, action: &str) -> liaison_store::audit::Entry {
        liaison_store::audit::Entry {
            actor_user_id: self.user_id,
            actor: self.label.clone(),
            ip: self.ip.clone(),
            action: action.to_string(),
            outcome: liaison_store::audit::OK,
            ..Default::default()
        }
    }
}

/// A row of a file that broke a rule.
pub use liaison_domain::interchange::LineError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Invalid(Invalid),
    #[error("{} invalid row(s)", .0.len())]
    InvalidRows(Vec<LineError>),
    #[error("not found")]
    NotFound,
    /// A refusal with its own code (a conflict, a busy database, a failed export).
    #[error("{1}")]
    Conflict(ErrorCode, String),
    /// A refusal with its own code whose details name fields (a KPI period too short to be
    /// shown outside an FLS).
    #[error("{1}")]
    Refused(ErrorCode, Invalid),
    #[error(transparent)]
    Store(StoreError),
}

impl ServiceError {
    /// The code of API answers and translations (`error-<code>`).
    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::Invalid(_) | ServiceError::InvalidRows(_) => ErrorCode::Invalid,
            ServiceError::NotFound => ErrorCode::NotFound,
            ServiceError::Conflict(c, _) | ServiceError::Refused(c, _) => *c,
            ServiceError::Store(_) => ErrorCode::Internal,
        }
    }

    /// Another write held the database: nothing was saved, and trying again will work.
    pub fn is_busy(&self) -> bool {
        matches!(self, ServiceError::Conflict(ErrorCode::Busy, _))
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::Busy => ServiceError::Conflict(
                ErrorCode::Busy,
                "The registry is busy with another write, such as a large import; nothing was saved. Try again in a moment.".into(),
            ),
            e => ServiceError::Store(e),
        }
    }
}

impl From<Invalid> for ServiceError {
    fn from(e: Invalid) -> Self {
        ServiceError::Invalid(e)
    }
}

impl From<FieldError> for ServiceError {
    fn from(e: FieldError) -> Self {
        ServiceError::Invalid(e.into())
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;
