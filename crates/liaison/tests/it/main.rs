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
mod authz_statistics;
mod backup;
mod breakdowns;
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
mod import_offers;
mod io;
mod io_export;
mod io_web;
mod kpi;
mod kpi12;
mod kpi_charts;
mod kpi_suppression;
mod languages;
mod letter;
mod measures;
mod navigation;
mod outliers;
mod programme;
mod programme_gold;
mod programme_history;
mod programme_map;
mod registry;
mod registry_isolation;
mod registry_rules;
mod schema;
mod security;
mod startup;
mod statistics;
mod timeline;
mod tls;
mod totp;
