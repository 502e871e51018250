//! Where a form may send the browser next (`next=` after signing in, choosing a language):
//! only a path of this site, never another host however the value is disguised.

/// `next` when it is a path of this site, else the home page. Refused: anything but visible
/// ASCII (tabs, newlines and spaces are stripped or mangled by browsers, which turns
/// `/<TAB>/evil.example` into `//evil.example`); a backslash (read as `/`); and, after
/// percent-decoding, a path that does not start with exactly one `/` or holds a control
/// character, whitespace or a backslash. The query may hold encoded spaces.
pub fn local_path(next: &str) -> &str {
    if is_local(next) { next } else { "/" }
}

fn is_local(raw: &str) -> bool {
    if !raw.bytes().all(|b| b.is_ascii_graphic()) || raw.contains('\\') {
        return false;
    }
    let path = raw.split(['?', '#']).next().unwrap_or("");
    // Decode until nothing changes, so `%2509` is judged as the tab it may become.
    let mut decoded = path.to_string();
    for _ in 0..4 {
        let next = urlencoding::decode_binary(decoded.as_bytes());
        let next = String::from_utf8_lossy(&next).into_owned();
        if next == decoded {
            break;
        }
        decoded = next;
    }
    let bad = |c: char| c.is_control() || c.is_whitespace() || c == '\\';
    let single_slash = |s: &str| s.starts_with('/') && !s[1..].starts_with(['/', '\\']);
    single_slash(raw) && single_slash(&decoded) && !decoded.chars().any(bad)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_of_this_site_pass() {
        for ok in [
            "/",
            "/fls",
            "/fls/GB-GLA/episodes?status=open",
            "/fls?q=a%20b",
            "/fls?q=a+b#top",
            "/kpi/ES-MAD?next=//x",
        ] {
            assert_eq!(local_path(ok), ok, "{ok:?}");
        }
        for bad in [
            "",
            "fls",
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example/",
            "\\\\evil.example/",
            "/%09/evil.example/",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "/\r\n/evil.example/",
            " /fls",
            "/fls ",
            "/%2F/evil.example/",
            "/%2f%2fevil.example/",
            "/%5Cevil.example/",
            "/%5c/evil.example/",
            "/%2509/evil.example/",
            "/%252F/evil.example/",
            "/%00/evil.example/",
            "/%E3%80%80/evil.example/",
            "https://evil.example/",
            "http:/evil.example",
            "javascript:alert(1)",
            "/\u{3000}/evil.example/",
            "/é",
            "/fls\u{7f}",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }
}
