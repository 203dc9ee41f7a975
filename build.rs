//! Lists the course examples (`examples/*.ally`) for `ally serve`, which embeds them so
//! that the server reads no file at run time. Generated rather than written by hand so a
//! new example is served without anyone editing a list.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ally"))
                .filter_map(|p| Some(p.file_stem()?.to_str()?.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    stems.sort();
    let mut out = String::from("pub const EXAMPLES: &[(&str, &str)] = &[\n");
    for stem in &stems {
        let path = dir.join(format!("{stem}.ally"));
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({stem:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
