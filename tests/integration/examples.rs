//! Course examples: one golden snapshot per `examples/*.ally` (text answers), and every
//! example's `expect`s must hold.

use ally_core::document::run_source;
use ally_core::render;

#[test]
fn examples_answer_as_recorded() {
    insta::glob!("../../examples", "*.ally", |path| {
        let src = std::fs::read_to_string(path).expect("example is readable");
        let name = format!(
            "examples/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let result = run_source(&name, &src, None);
        // Errors never; a note only where the example's comments explain it (europe-1936
        // declares ideologies for `--model` while its own model is pure balancing;
        // nato-1949 leaves affinities to the default on purpose).
        assert!(
            result.report.diags.iter().all(|d| [
                ally_core::diagnostics::codes::WEIGHS_NOTHING,
                ally_core::diagnostics::codes::DEFAULT_AFFINITY
            ]
            .contains(&d.code)),
            "{name} has diagnostics: {:?}",
            result.report.diags
        );
        assert_eq!(
            result.failed_expectations(),
            0,
            "{name} has failing expectations"
        );
        assert!(
            result.expectations().count() >= 2,
            "{name} needs at least two expects"
        );
        insta::assert_snapshot!(render::text::file(&result, false));
    });
}

#[test]
fn examples_json_has_the_spec_fields() {
    insta::glob!("../../examples", "*.ally", |path| {
        let src = std::fs::read_to_string(path).expect("example is readable");
        let result = run_source("example.ally", &src, None);
        let doc = render::json::file(&result, &src);
        for q in doc["queries"].as_array().into_iter().flatten() {
            for field in ["query", "line", "kind", "answer"] {
                assert!(
                    q.get(field).is_some(),
                    "{path:?}: query without `{field}`: {q}"
                );
            }
            if q["kind"] == "alignment" {
                for field in [
                    "model",
                    "exact",
                    "energy",
                    "blocs",
                    "neutral",
                    "indifferent",
                ] {
                    assert!(
                        q["answer"].get(field).is_some(),
                        "{path:?}: alignment without `{field}`"
                    );
                }
            }
            if q["kind"] == "stable_alignments" {
                for a in q["answer"]["alignments"].as_array().into_iter().flatten() {
                    for field in ["blocs", "energy", "basin"] {
                        assert!(
                            a.get(field).is_some(),
                            "{path:?}: stable alignment without `{field}`"
                        );
                    }
                }
            }
        }
    });
}
