//! Liaison's domain: the rules of the registry and the programme, as pure functions and
//! validated types. No IO, no async, no clock reads: the time comes in as an argument.

pub mod access;
pub mod auth;
pub mod clock;
pub mod error;
pub mod format;
pub mod lang;
pub mod org;
pub mod totp;
