//! The programme (`docs/programme.md`): the Best Practice Framework as versioned data
//! ([`framework`]), its scoring ([`scoring`]) and the Getting to Gold plan ([`g2g`]). Pure: the
//! store keeps the framework text and the answers; these functions read and judge them.

pub mod framework;
pub mod g2g;
pub mod scoring;

pub use framework::{Framework, Level, PUBLIC_1_JSON};
pub use scoring::{Answer, Answers, DomainScore, Score, score};

#[cfg(test)]
mod tests;
