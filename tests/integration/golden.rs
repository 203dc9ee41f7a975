//! Golden files (`X.golden` beside `X.ally`): `ally test` compares them with what
//! `ally run` prints, `ally test --bless` writes them.

use crate::support::examples;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_ally");

/// A fresh folder for one test, holding a copy of the named example.
fn scratch(test: &str, example: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("ally-golden-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let file = dir.join(example);
    std::fs::copy(&src, &file).expect("copy");
    (dir, file)
}

fn ally(args: &[&str], cwd: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("ally runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn every_course_example_ships_its_golden_file() {
    let missing: Vec<String> = examples()
        .into_iter()
        .filter(|p| !ally::golden::path_for(p).is_file())
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "examples without a golden file (run `cargo run --release -- test --bless examples`): {missing:?}"
    );
}

#[test]
fn goldens_hold_what_ally_run_prints_whatever_the_terminal() {
    // A narrow, colourful terminal in another locale prints the same bytes.
    for path in examples().into_iter().take(4) {
        let out = Command::new(BIN)
            .arg("run")
            .arg(&path)
            .env("COLUMNS", "20")
            .env("LINES", "5")
            .env("TERM", "xterm-256color")
            .env("CLICOLOR_FORCE", "1")
            .env("FORCE_COLOR", "1")
            .env("LANG", "de_DE.UTF-8")
            .env("LC_ALL", "de_DE.UTF-8")
            .output()
            .expect("runs");
        let src = std::fs::read_to_string(&path).expect("readable");
        let result = ally_core::document::run_source(&path.display().to_string(), &src, None);
        assert_eq!(
            stdout(&out),
            ally::golden::output(&result),
            "{}",
            path.display()
        );
    }
}

#[test]
fn bless_writes_then_leaves_alone_and_test_passes() {
    let (dir, _) = scratch("bless", "cascade.ally");
    let o = ally(&["test", "--bless", "."], &dir);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(stdout(&o), "wrote ./cascade.golden\n");
    let run = ally(&["run", "cascade.ally"], &dir);
    let golden = std::fs::read_to_string(dir.join("cascade.golden")).expect("written");
    assert_eq!(golden, stdout(&run), "the golden is what `ally run` prints");

    let o = ally(&["test", "--bless", "cascade.ally"], &dir);
    assert_eq!(stdout(&o), "unchanged cascade.golden\n");

    let o = ally(&["test", "."], &dir);
    assert!(o.status.success(), "{}", stdout(&o));
    let line = stdout(&o).lines().next().unwrap_or_default().to_string();
    assert!(
        line.starts_with("./cascade.ally: ok (") && line.ends_with(" passed, golden file matches)"),
        "{line}"
    );
    assert!(stdout(&o).ends_with("golden files: 1 matched, 0 differ\n"));

    std::fs::write(dir.join("cascade.golden"), "stale\n").expect("write");
    let o = ally(&["test", "--bless", "."], &dir);
    assert_eq!(stdout(&o), "updated ./cascade.golden\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_changed_answer_fails_with_a_diff_and_the_line() {
    let (dir, file) = scratch("mismatch", "deterrence.ally");
    assert!(
        ally(&["test", "--bless", "deterrence.ally"], &dir)
            .status
            .success()
    );
    // Change the scenario, not the golden: the third answer moves, by less than its
    // `expect ratio of … = 1.3387` sees.
    let src = std::fs::read_to_string(&file).expect("readable");
    std::fs::write(
        &file,
        src.replace(
            "state Neighbour { power 2 }",
            "state Neighbour { power 2.0001 }",
        ),
    )
    .expect("write");
    let o = ally(&["test", "deterrence.ally"], &dir);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let text = stdout(&o);
    let line = text.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("deterrence.ally: FAILED (")
            && line.ends_with(" passed, golden file differs)"),
        "{text}"
    );
    let golden = std::fs::read_to_string(dir.join("deterrence.golden")).expect("golden");
    let first = golden
        .lines()
        .position(|l| l.contains("Neighbour 2"))
        .expect("the golden names Neighbour's power")
        + 1;
    assert!(
        text.contains(&format!(
            "deterrence.golden:{first}: the output differs from the golden file"
        )),
        "{text}"
    );
    assert!(text.contains("  --- deterrence.golden\n"), "{text}");
    assert!(text.contains("  +++ ally run deterrence.ally\n"), "{text}");
    assert!(text.contains("\n  -  Target's side"), "{text}");
    assert!(text.contains("\n  +  Target's side"), "{text}");
    assert!(
        text.ends_with("golden files: 0 matched, 1 differ\n"),
        "{text}"
    );

    let o = ally(&["test", "--format", "json", "deterrence.ally"], &dir);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        doc["goldens"],
        serde_json::json!({"passed": 0, "failed": 1})
    );
    assert_eq!(doc["files"][0]["golden"]["status"], "failed");
    assert_eq!(doc["files"][0]["golden"]["line"], first);
    assert_eq!(doc["files"][0]["ok"], true, "its expects still hold");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn goldens_count_in_json_when_they_pass() {
    let (dir, _) = scratch("json", "stag-hunt.ally");
    assert!(ally(&["test", "--bless", "."], &dir).status.success());
    let o = ally(&["test", "--format", "json", "."], &dir);
    assert!(o.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        doc["goldens"],
        serde_json::json!({"passed": 1, "failed": 0})
    );
    assert_eq!(doc["files"][0]["golden"]["status"], "passed");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_with_errors_is_not_blessed() {
    let dir = std::env::temp_dir().join(format!("ally-golden-broken-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("b.ally"), "state A { power -1 }\n").expect("write");
    let o = ally(&["test", "--bless", "b.ally"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "b.ally: not blessed (the file has errors)\n");
    assert!(!dir.join("b.golden").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bless_and_model_do_not_mix() {
    let (dir, _) = scratch("model", "cascade.ally");
    let o = ally(&["test", "--bless", "--model", "aid", "."], &dir);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
