//! What the server sends that is not computed: the page (the committed bundle in
//! `web/dist/`) and the course examples, all compiled into the binary so that `ally
//! serve` reads no file at run time.

use std::sync::OnceLock;

/// The course examples, by file stem, in file-name order, listed by `build.rs` from
/// `examples/*.ally`. A test checks that this list and the folder agree.
mod listed {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}
pub use listed::EXAMPLES;

/// The page's files: path, content type, bytes.
pub const PAGE: &[(&str, &str, &[u8])] = &[
    (
        "/",
        "text/html; charset=utf-8",
        include_bytes!("../../web/dist/index.html"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../web/dist/app.js"),
    ),
    (
        "/app.css",
        "text/css; charset=utf-8",
        include_bytes!("../../web/dist/app.css"),
    ),
];

/// An example's source by name.
pub fn example(name: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Each example's name and title (its `scenario "…"` line), computed once.
pub fn titles() -> &'static [(&'static str, Option<String>)] {
    static TITLES: OnceLock<Vec<(&'static str, Option<String>)>> = OnceLock::new();
    TITLES.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|(name, src)| {
                (
                    *name,
                    ally_core::document::check_source(name, src)
                        .0
                        .scenario()
                        .title
                        .clone(),
                )
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_course_example_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let mut on_disk: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ally"))
            .map(|p| {
                let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                (stem, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<(String, String)> = EXAMPLES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        assert_eq!(embedded, on_disk);
        assert!(titles().iter().all(|(_, t)| t.is_some()));
    }
}
