//! The report's fonts, found by file name under a directory the deployment configures
//! (`LIAISON_FONT_DIR`, default `/usr/share/fonts`): the Noto fonts of the Debian packages
//! fonts-noto-core (Latin, Greek, Cyrillic; Naskh Arabic) and fonts-noto-cjk (Chinese and
//! Japanese). Nothing is downloaded at run time; a missing file is an error that names the
//! package to install.

use krilla::text::Font;
use liaison_domain::lang::Lang;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

pub const DEFAULT_DIR: &str = "/usr/share/fonts";

/// The font directory: `LIAISON_FONT_DIR`, else the system's.
pub fn font_dir() -> PathBuf {
    std::env::var_os("LIAISON_FONT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError {
    pub file: &'static str,
    pub package: &'static str,
    pub dir: String,
}

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "font {} not found under {} (set LIAISON_FONT_DIR, or install the Debian package {})",
            self.file, self.dir, self.package
        )
    }
}

impl std::error::Error for FontError {}

/// One face: rustybuzz's view of it (for measuring) and krilla's handle (for drawing). The
/// bytes are leaked on purpose: faces are loaded once per directory and language and kept
/// for the life of the process (`load`'s cache), and a parsed face that borrows them is what
/// makes measuring cheap (parsing the tables per measurement made a report take a minute).
#[derive(Clone)]
pub struct Face {
    shaper: rustybuzz::Face<'static>,
    pub font: Font,
}

impl Face {
    fn new(data: &'static [u8], index: u32) -> Option<Face> {
        let shaper = rustybuzz::Face::from_slice(data, index)?;
        let font = Font::new(data.into(), index)?;
        Some(Face { shaper, font })
    }

    pub fn covers(&self, c: char) -> bool {
        c.is_control() || self.shaper.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The advance of `text` shaped at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.guess_segment_properties();
        let out = rustybuzz::shape(&self.shaper, &[], buf);
        let units: i32 = out.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 * size / self.shaper.units_per_em() as f32
    }
}

/// A weight's faces: the language's own first, then the Latin fallback.
#[derive(Clone)]
pub struct Fonts {
    pub regular: Vec<Face>,
    pub bold: Vec<Face>,
    /// The same fonts for the charts' text (usvg).
    pub db: Arc<fontdb::Database>,
    /// The charts' font family.
    pub family: String,
}

struct Want {
    file: &'static str,
    package: &'static str,
    /// In a collection, the family to take (`Noto Sans CJK JP`).
    family: Option<&'static str>,
}

const LATIN: [Want; 2] = [
    Want {
        file: "NotoSans-Regular.ttf",
        package: "fonts-noto-core",
        family: None,
    },
    Want {
        file: "NotoSans-Bold.ttf",
        package: "fonts-noto-core",
        family: None,
    },
];

fn own(lang: Lang) -> Option<[Want; 2]> {
    let cjk = |family| {
        [
            Want {
                file: "NotoSansCJK-Regular.ttc",
                package: "fonts-noto-cjk",
                family: Some(family),
            },
            Want {
                file: "NotoSansCJK-Bold.ttc",
                package: "fonts-noto-cjk",
                family: Some(family),
            },
        ]
    };
    match lang {
        Lang::Ar => Some([
            Want {
                file: "NotoNaskhArabic-Regular.ttf",
                package: "fonts-noto-core",
                family: None,
            },
            Want {
                file: "NotoNaskhArabic-Bold.ttf",
                package: "fonts-noto-core",
                family: None,
            },
        ]),
        Lang::Ja => Some(cjk("Noto Sans CJK JP")),
        Lang::Zh => Some(cjk("Noto Sans CJK SC")),
        _ => None,
    }
}

/// Every file under `dir` (three levels deep, as Debian lays fonts out) by name.
fn files(dir: &Path) -> HashMap<String, PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut HashMap<String, PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() && depth > 0 {
                walk(&p, depth - 1, out);
            } else if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                out.entry(name.to_string()).or_insert(p);
            }
        }
    }
    let mut out = HashMap::new();
    walk(dir, 3, &mut out);
    out
}

/// A font file's bytes, read once per process whichever languages share it (Japanese and
/// Chinese share the CJK collections, every language the Latin fonts).
fn read_once(path: &Path) -> Option<&'static [u8]> {
    static FILES: OnceLock<Mutex<HashMap<PathBuf, &'static [u8]>>> = OnceLock::new();
    let mut files = FILES.get_or_init(Default::default).lock().ok()?;
    if let Some(d) = files.get(path) {
        return Some(d);
    }
    let data: &'static [u8] = std::fs::read(path).ok()?.leak();
    files.insert(path.to_path_buf(), data);
    Some(data)
}

/// The fonts loaded so far, per directory and language.
type Loaded = HashMap<(PathBuf, Lang), Arc<Fonts>>;

/// Load (once per directory and language) the fonts of a language.
pub fn load(dir: &Path, lang: Lang) -> Result<Arc<Fonts>, FontError> {
    static CACHE: OnceLock<Mutex<Loaded>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (dir.to_path_buf(), lang);
    if let Some(f) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(f);
    }
    let found = files(dir);
    let mut db = fontdb::Database::new();
    let mut load = |w: &Want| -> Result<Face, FontError> {
        let missing = || FontError {
            file: w.file,
            package: w.package,
            dir: dir.display().to_string(),
        };
        let path = found.get(w.file).ok_or_else(missing)?;
        let data = read_once(path).ok_or_else(missing)?;
        let ids = db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
        let index = match w.family {
            None => 0,
            Some(family) => ids
                .iter()
                .filter_map(|id| db.face(*id))
                .find(|f| f.families.iter().any(|(n, _)| n == family))
                .map(|f| f.index)
                .ok_or_else(missing)?,
        };
        Face::new(data, index).ok_or_else(missing)
    };
    let latin = [load(&LATIN[0])?, load(&LATIN[1])?];
    let (regular, bold, family) = match own(lang) {
        Some(w) => {
            let (r, b) = (load(&w[0])?, load(&w[1])?);
            let family = match w[0].family {
                Some(f) => f.to_string(),
                None => "Noto Naskh Arabic".to_string(),
            };
            (vec![r, latin[0].clone()], vec![b, latin[1].clone()], family)
        }
        None => (
            vec![latin[0].clone()],
            vec![latin[1].clone()],
            "Noto Sans".to_string(),
        ),
    };
    // The charts name generic families (sans-serif): they are the language's face here.
    db.set_sans_serif_family(family.clone());
    db.set_serif_family(family.clone());
    let fonts = Arc::new(Fonts {
        regular,
        bold,
        db: Arc::new(db),
        family,
    });
    if let Ok(mut c) = cache.lock() {
        c.insert(key, fonts.clone());
    }
    Ok(fonts)
}
