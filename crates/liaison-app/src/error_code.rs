//! Every error code an answer can carry, declared once with its HTTP status (as lemmy's
//! `LemmyErrorType` does): the API's `{ "error": { "code", ... } }`, the pages' messages
//! (`error-<code>` keys) and the OpenAPI document all read this table.

use serde::Serialize;

macro_rules! error_codes {
    ($($variant:ident = $code:literal => $status:literal, $what:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum ErrorCode {
            $(#[doc = $what] #[serde(rename = $code)] $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable code clients match on.
            pub fn code(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }

            /// The HTTP status every answer with this code has.
            pub fn http_status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status,)* }
            }

            /// What the code means, for the API's documentation.
            pub fn description(self) -> &'static str {
                match self { $(ErrorCode::$variant => $what,)* }
            }
        }
    };
}

error_codes! {
    BadRequest = "bad_request" => 400, "The request is malformed (not JSON, not an object, a wrong type).";
    Unauthenticated = "unauthenticated" => 401, "A valid bearer token is required.";
    NotFound = "not_found" => 404, "No such resource, or one the caller may not see.";
    VersionConflict = "version_conflict" => 409, "The record changed since the version sent; nothing was saved.";
    LikelyDuplicate = "likely_duplicate" => 409, "Likely duplicates exist; send again confirming to keep it.";
    EpisodeExists = "episode_exists" => 409, "A live episode of the FLS has the same hospital number and fracture date.";
    BpfUnderReview = "bpf_under_review" => 409, "The self-assessment is under review and cannot change.";
    BpfNothingToReview = "bpf_nothing_to_review" => 409, "No self-assessment of this FLS awaits review.";
    TooLarge = "too_large" => 413, "The request body is larger than the server accepts.";
    FileTooLarge = "file_too_large" => 413, "The uploaded file is larger than the server accepts.";
    UnsupportedMediaType = "unsupported_media_type" => 415, "The body's content type is not one this operation reads.";
    Invalid = "invalid" => 422, "Values break the dataset's or the form's rules; details name each.";
    PeriodTooShort = "period_too_short" => 422, "Outside an FLS, KPI figures need a period of at least 90 days (disclosure rule 8); details name the period.";
    RateLimited = "rate_limited" => 429, "Too many attempts from this address; retry after Retry-After seconds.";
    Internal = "internal" => 500, "Something went wrong on the server; the log has the reference.";
    ExportFailed = "export_failed" => 500, "The export could not be written.";
    KpiFailed = "kpi_failed" => 500, "The KPI computation failed.";
    NoSecretKey = "no_secret_key" => 503, "No secret key is configured, so two-step sign-in cannot be set up.";
    Busy = "busy" => 503, "Another write (such as a large import) holds the database; try again.";
    Timeout = "timeout" => 503, "The server took too long to answer.";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn codes_are_unique_snake_case_and_statuses_are_errors() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.code()), "{} twice", c.code());
            assert!(
                c.code()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_')
            );
            assert!((400..600).contains(&c.http_status()), "{c}");
        }
    }
}
