//! The one integration-test binary (linking is the cost on 2 cores). The whole suite runs on
//! SQLite by default, and on PostgreSQL when LIAISON_TEST_DATABASE_URL names a server; each
//! test gets a database of its own.

mod helpers;

mod account_reset;
mod api_contract;
mod audit;
mod audit_trail;
mod auth;
mod authz;
mod authz_calculator;
mod authz_deleted;
mod authz_io;
mod authz_kpi;
mod authz_programme;
mod backup;
mod calculator;
mod cli;
mod coordinator;
mod dataset_v2;
mod deletion;
mod disclosure;
mod edge;
mod edits;
mod fls;
mod i18n;
mod import_files;
mod io;
mod kpi;
mod languages;
mod navigation;
mod programme;
mod registry;
mod schema;
mod security;
mod startup;
mod tls;
mod totp;
