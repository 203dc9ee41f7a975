//! The data files shipped inside `ally` (the repository's `data/`, see its README for
//! citations and terms): embedded in the binary, so `ally import` works from any
//! directory without a download. The large tables are gzip-compressed (about 1 MB in
//! all); [`load`] reads a file the user names, compressed or not, the same way.

use std::io::Read;
use std::path::Path;

use super::Source;
use ally_core::diagnostics::Report;

/// A file of `data/`: its name and its bytes (gzip when the name ends in `.gz`).
struct Bundled {
    name: &'static str,
    bytes: &'static [u8],
}

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        [$(Bundled { name: $name, bytes: include_bytes!(concat!("../../data/", $name)) }),*]
    };
}

const FILES: [Bundled; 6] = bundled!(
    "NMC-60-abridged.csv.gz",
    "cow_states.csv",
    "cow_majors.csv",
    "cow_contdir.csv.gz",
    "atop5_1_ddyr.csv.gz",
    "capitals.csv",
);

/// The most text a compressed file may expand to (the largest bundled table is
/// 6.5 MB): a bound against a file that expands without end.
pub const MAX_UNCOMPRESSED: u64 = 256 * 1024 * 1024;

/// The names of the bundled files, as `ally` lists them.
pub fn names() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|f| f.name)
}

/// What the name of a bundled source starts with.
pub const PREFIX: &str = "bundled:";

/// The bundled file `name` (e.g. `"NMC-60-abridged.csv.gz"`) as text, named
/// `bundled:data/NAME` in diagnostics.
pub fn bundled(name: &str) -> Result<Source, String> {
    let f = FILES
        .iter()
        .find(|f| f.name == name)
        .ok_or_else(|| format!("error: no bundled data file {name}"))?;
    let path = format!("{PREFIX}data/{}", f.name);
    let text = text_of(&path, f.bytes)?;
    Ok(Source::new(path, text))
}

/// Why a file given by path cannot be imported.
#[derive(Debug)]
pub enum LoadError {
    /// It cannot be read or decompressed: bad usage (exit 2).
    Usage(String),
    /// It is not UTF-8: the diagnostic, with the line (exit 1).
    Encoding(Report),
}

/// Reads the file at `path` (gunzipped when its name ends in `.gz`), decoded as every
/// input is ([`crate::source::decode`]: a BOM dropped, lone CRs as line ends, an
/// encoding error a diagnostic).
pub fn load(path: &Path) -> Result<Source, LoadError> {
    let bytes = std::fs::read(path)
        .map_err(|e| LoadError::Usage(format!("error: cannot read {}: {e}", path.display())))?;
    let name = path.display().to_string();
    let bytes = if name.ends_with(".gz") {
        gunzip(&name, &bytes).map_err(LoadError::Usage)?
    } else {
        bytes
    };
    let decoded = crate::source::decode(bytes);
    if let Some(d) = decoded.error {
        return Err(LoadError::Encoding(Report::new(
            &name,
            &decoded.text,
            vec![d],
        )));
    }
    Ok(Source::new(name, decoded.text))
}

fn gunzip(name: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_UNCOMPRESSED + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("error: cannot decompress {name}: {e}"))?;
    if out.len() as u64 > MAX_UNCOMPRESSED {
        return Err(format!(
            "error: {name} expands to more than {} MiB",
            MAX_UNCOMPRESSED >> 20
        ));
    }
    Ok(out)
}

fn text_of(name: &str, bytes: &[u8]) -> Result<String, String> {
    let raw = if name.ends_with(".gz") {
        gunzip(name, bytes)?
    } else {
        bytes.to_vec()
    };
    String::from_utf8(raw).map_err(|e| format!("error: {name} is not UTF-8 text: {e}"))
}
