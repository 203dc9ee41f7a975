//! The binary end to end (SPEC §3): exit codes, stdout, stderr. The cases live in
//! `tests/cmd/*.toml` with their expected output beside them; regenerate them with
//! `TRYCMD=overwrite cargo test --test integration cli` and read the diff.

use std::process::{Command, Output};

fn ally() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ally"));
    cmd.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cmd"));
    cmd
}

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("ally", trycmd::cargo::cargo_bin!("ally"))
        .case("tests/cmd/*.toml");
}

fn run(args: &[&str]) -> Output {
    ally()
        .args(args)
        // stderr is a pipe here; without NO_COLOR the binary must still notice that.
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .output()
        .expect("the ally binary runs")
}

fn stdout_json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

#[test]
fn diagnostics_on_a_pipe_are_plain() {
    for args in [
        &["check", "broken.ally"][..],
        &["run", "broken.ally"],
        &["test", "."],
        &["run", "--format", "json", "broken.ally"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
        assert!(
            stderr.contains("ally::undeclared_state"),
            "{args:?}: {stderr}"
        );
        assert!(
            !stderr.contains('\u{1b}'),
            "ANSI escape in stderr of {args:?}: {stderr:?}"
        );
        assert!(
            !out.stdout.contains(&0x1b),
            "ANSI escape in stdout of {args:?}"
        );
    }
}

/// `--color` is one rule for every command: `always` colours diagnostics even on a
/// pipe (and even under `NO_COLOR`), `never` does not, before or after the command.
#[test]
fn color_is_one_option_of_every_command() {
    let cases: [(&[&str], &str); 6] = [
        (&["check", "broken.ally"], ""),
        (&["run", "broken.ally"], ""),
        (&["test", "broken.ally"], ""),
        (&["fmt", "--check", "-"], "state {\n"),
        (&["repl"], "state {\n"),
        (
            &["import", "cow", "--year", "1914", "--states", "FRN,GMZ"],
            "",
        ),
    ];
    for (args, stdin) in cases {
        let args: Vec<&str> = args.iter().copied().filter(|a| *a != "-").collect();
        for (when, coloured) in [("always", true), ("never", false)] {
            for order in [true, false] {
                let mut all = vec!["--color", when];
                if order {
                    all.extend(&args);
                } else {
                    all = args.clone();
                    all.extend(["--color", when]);
                }
                let mut child = ally()
                    .args(&all)
                    .env("NO_COLOR", "1")
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("ally runs");
                use std::io::Write;
                child
                    .stdin
                    .take()
                    .expect("stdin")
                    .write_all(stdin.as_bytes())
                    .expect("write stdin");
                let out = child.wait_with_output().expect("ally ends");
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(stderr.contains("ally::"), "{all:?}: {stderr}");
                assert_eq!(stderr.contains('\u{1b}'), coloured, "{all:?}: {stderr:?}");
                assert!(!out.stdout.contains(&0x1b), "{all:?}");
            }
        }
    }
    let out = run(&["--color", "sometimes", "check", "broken.ally"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_has_the_fields_the_spec_promises() {
    let out = run(&["run", "--format", "json", "europe.ally"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = stdout_json(&out);
    let queries = doc["files"][0]["queries"].as_array().expect("queries");
    for q in queries {
        for field in ["query", "line", "kind", "answer"] {
            assert!(q.get(field).is_some(), "no `{field}` in {q}");
        }
        assert!(q["line"].is_u64() && q["query"].as_str().unwrap().ends_with('?'));
    }
    let align = queries
        .iter()
        .find(|q| q["kind"] == "alignment")
        .expect("an alignment query");
    assert_eq!(align["query"], "who allies with whom?");
    assert_eq!(align["line"], 17);
    let answer = &align["answer"];
    assert_eq!(answer["model"], "balancing");
    assert!(answer["exact"].is_boolean());
    assert!(answer["energy"].is_number());
    assert!(answer["indifferent"].is_array());
    let blocs = answer["blocs"].as_array().expect("blocs");
    assert!(!blocs.is_empty());
    let declared = ["France", "Germany", "Russia", "Britain"];
    let mut seen = Vec::new();
    for b in blocs {
        assert!(b["name"].is_string(), "{b}");
        assert!(b["power"].is_number(), "{b}");
        let members: Vec<&str> = b["members"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| m.as_str().expect("a member is a name"))
            .collect();
        // Members in declaration order.
        let order: Vec<usize> = members
            .iter()
            .map(|m| {
                declared
                    .iter()
                    .position(|d| d == m)
                    .expect("a declared state")
            })
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{members:?}");
        seen.extend(members);
    }
    seen.sort();
    let mut all = declared.to_vec();
    all.sort();
    assert_eq!(seen, all, "every state is in exactly one bloc");
}

#[test]
fn model_override_reaches_the_answer() {
    let out = run(&[
        "run",
        "--format",
        "json",
        "--model",
        "bandwagoning",
        "europe.ally",
    ]);
    let doc = stdout_json(&out);
    assert_eq!(
        doc["files"][0]["queries"][0]["answer"]["model"],
        "bandwagoning"
    );
}

#[test]
fn a_run_time_error_exits_1() {
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/bad/empty_scenario_query.ally"
    );
    let out = run(&["run", bad]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ally::no_states"));
}

/// A scenario of `n` states past the enumeration limit: powers and threats drawn from a
/// fixed stream, and one question.
fn large_scenario(n: usize) -> String {
    let mut rng = super::support::Rng(0x2545_F491_4F6C_DD1D);
    let mut next = |m: u64| rng.below(m);
    let mut src = String::from("scenario \"large\"\n");
    for i in 0..n {
        src.push_str(&format!("state S{i} {{ power {} }}\n", 1 + next(9)));
    }
    for _ in 0..3 * n {
        let a = next(n as u64);
        let b = (a + 1 + next(n as u64 - 1)) % n as u64;
        src.push_str(&format!("threat S{a} -> S{b} 0.{}\n", 1 + next(9)));
    }
    src.push_str("who allies with whom?\n");
    src
}

#[test]
fn the_budget_decides_between_proof_bound_and_heuristic() {
    let dir = std::env::temp_dir().join(format!("ally-budget-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("large.ally");
    std::fs::write(&file, large_scenario(34)).expect("write");
    let path = file.to_str().expect("utf-8 path");
    let answer = |budget: &str| -> serde_json::Value {
        let out = run(&["run", "--format", "json", "--budget", budget, path]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout_json(&out)["files"][0]["queries"][0]["answer"].clone()
    };
    let proven = answer("5");
    assert_eq!(proven["exact"], true, "{proven}");
    assert!(proven.get("bound").is_none() && proven.get("gap_percent").is_none());
    let optimum = proven["energy"].as_f64().expect("energy");

    // No search, yet a bound (issue 30): the semidefinite one, which every approximate
    // two-bloc answer carries.
    let heuristic = answer("0");
    assert_eq!(heuristic["exact"], false);
    let relaxed = heuristic["bound"].as_f64().expect("a bound without search");
    assert!(relaxed <= optimum + 1e-9, "{heuristic}");
    assert!(heuristic["gap_percent"].as_f64().is_some(), "{heuristic}");

    let bounded = answer("0.00001");
    assert_eq!(bounded["exact"], false, "{bounded}");
    let bound = bounded["bound"].as_f64().expect("a proven bound");
    let energy = bounded["energy"].as_f64().expect("energy");
    assert!(
        bound <= optimum + 1e-9 && optimum <= energy + 1e-9,
        "{bounded}"
    );
    let gap = bounded["gap_percent"].as_f64().expect("gap");
    assert!(gap >= 100.0 * (energy - optimum) / -optimum - 1e-9);

    let text = run(&["run", "--budget", "0.00001", path]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&format!(
            "approximate, within {gap} % of the optimum (proven bound"
        )),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Four blocs over 30 states (4^30 configurations, once refused): the JSON answer says
/// approximate or exact, and when approximate carries a bound below its energy and the
/// gap `(E − B)/|E|` as a percentage, rounded up to two decimals.
#[test]
fn four_blocs_past_enumeration_answer_with_a_bound_in_json() {
    let out = run(&[
        "run",
        "--format",
        "json",
        "--budget",
        "0.2",
        "../data/blocs/four_blocs.ally",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc = stdout_json(&out);
    let answer = &doc["files"][0]["queries"][0]["answer"];
    assert_eq!(answer["blocs"].as_array().expect("blocs").len(), 4);
    let energy = answer["energy"].as_f64().expect("energy");
    if answer["exact"] == true {
        assert!(answer.get("bound").is_none_or(|b| b.is_null()), "{answer}");
        return;
    }
    let bound = answer["bound"].as_f64().expect("a proven bound");
    let gap = answer["gap_percent"].as_f64().expect("a gap");
    assert!(bound <= energy, "{answer}");
    let formula = 100.0 * (energy - bound) / -energy;
    assert!(
        gap >= formula - 1e-9 && gap <= formula + 0.01 + 1e-9,
        "{answer}"
    );
}
