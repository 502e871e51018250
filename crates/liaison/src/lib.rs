//! Liaison: the web UI, the JSON API and the command line, over one set of use cases
//! (`services`) that both the web and the CLI call.

pub mod app;
pub mod cli;
pub mod demo;
pub mod i18n;
pub mod services;
pub mod web;
