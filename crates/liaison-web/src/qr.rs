//! QR codes as inline SVG, drawn on the server: the enrolment page shows the `otpauth://` URI
//! as one, so a phone's authenticator app can scan it. No script, no image file, no `style`
//! attribute (the Content-Security-Policy allows none): dark modules on a white square with the
//! four-module quiet zone the QR standard asks for, so it scans on a dark theme too.

use qrcode::{Color, EcLevel, QrCode};

/// Modules of light margin on every side (ISO/IEC 18004's quiet zone).
pub const QUIET: usize = 4;

/// A QR code ready for a template: the side of its square in modules, quiet zone included,
/// and the SVG path of its dark modules in those units.
#[derive(Debug, Clone)]
pub struct Qr {
    pub size: usize,
    pub path: String,
}

impl Qr {
    /// The code for `text` (error correction level M), or `None` when it does not fit in one.
    pub fn new(text: &str) -> Option<Qr> {
        let code = QrCode::with_error_correction_level(text, EcLevel::M).ok()?;
        let width = code.width();
        let colors = code.to_colors();
        let mut path = String::new();
        for (y, row) in colors.chunks(width).enumerate() {
            // One rectangle per horizontal run of dark modules keeps the path short.
            let mut x = 0;
            while x < width {
                if row[x] == Color::Dark {
                    let start = x;
                    while x < width && row[x] == Color::Dark {
                        x += 1;
                    }
                    path.push_str(&format!(
                        "M{} {}h{}v1h-{}z",
                        start + QUIET,
                        y + QUIET,
                        x - start,
                        x - start
                    ));
                } else {
                    x += 1;
                }
            }
        }
        Some(Qr {
            size: width + 2 * QUIET,
            path,
        })
    }

    /// Whether the module at (`x`, `y`) of the square (quiet zone included) is dark, read back
    /// from the path: what a scanner would see.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.path.split('M').filter(|r| !r.is_empty()).any(|r| {
            let nums: Vec<usize> = r
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .filter_map(|n| n.parse().ok())
                .collect();
            matches!(nums[..], [x0, y0, w, ..] if y == y0 && (x0..x0 + w).contains(&x))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_draws_the_code_inside_a_quiet_zone() {
        let text = "otpauth://totp/Liaison:a%40x.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Liaison";
        let qr = Qr::new(text).unwrap();
        let code = QrCode::with_error_correction_level(text, EcLevel::M).unwrap();
        assert_eq!(qr.size, code.width() + 8);
        for y in 0..qr.size {
            for x in 0..qr.size {
                let inside =
                    (QUIET..qr.size - QUIET).contains(&x) && (QUIET..qr.size - QUIET).contains(&y);
                let want = inside && code[(x - QUIET, y - QUIET)] == Color::Dark;
                assert_eq!(qr.is_dark(x, y), want, "module {x},{y}");
            }
        }
        // The finder pattern's corner: dark, right after the quiet zone.
        assert!(qr.is_dark(QUIET, QUIET) && !qr.is_dark(QUIET - 1, QUIET));
    }

    #[test]
    fn text_too_long_for_a_qr_code_gives_none() {
        assert!(Qr::new(&"x".repeat(5000)).is_none());
    }
}
