//! Liaison's domain: the rules of the registry and the programme, as pure functions and
//! validated types. No IO, no async, no clock reads: the time comes in as an argument.

pub mod access;
pub mod audit_chain;
pub mod auth;
pub mod benchmark;
pub mod calculator;
pub mod clock;
pub mod coalitions;
pub mod dataset;
pub mod deletion;
pub mod error;
pub mod events;
pub mod facilities;
pub mod fhir;
pub mod fold;
pub mod format;
pub mod import_status;
pub mod interchange;
pub mod kpi;
pub mod lang;
pub mod library;
pub mod mentorship;
pub mod network;
pub mod numerals;
pub mod objectives;
pub mod org;
pub mod pathway;
pub mod policy;
pub mod programme;
pub mod qa;
pub mod search;
pub mod timeline;
pub mod totp;
