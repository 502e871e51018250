//! Liaison: the command line and the server's start-up, over the use cases (`liaison_app`) and
//! the HTTP edge (`liaison_web`).

pub mod cli;
