//! `ally repl` end to end: through a pipe (standard input read as a script) and through
//! a real pseudo-terminal (rustyline at the prompt), as a student would use it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const EUROPE: &str = "\
scenario \"Europe\"
ideology democracy, monarchy
state France { power 0.10 ideology democracy }
state Germany {
  power 0.15
  ideology monarchy
  offense 1.3
}
state Russia { power 0.15 ideology monarchy }
state Britain { power 0.11 ideology democracy }
border France ~ Germany
threat Germany -> France 0.8
";

/// A fresh path in the temporary directory, unique to this process and `name`.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ally-repl-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

fn repl(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ally"))
        .arg("repl")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ALLY_HISTORY", temp("unused-history"))
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ally binary runs");
    child
        .stdin
        .take()
        .expect("a stdin pipe")
        .write_all(stdin.as_bytes())
        .expect("stdin is written");
    child.wait_with_output().expect("ally repl ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_bad_line_keeps_the_earlier_declarations() {
    let script = format!("{EUROPE}threat Germany -> Franse 0.5\nwho allies with whom?\n");
    let out = repl(&[], &script);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    // The query after the bad line still sees all four states.
    assert!(stdout.starts_with("who allies with whom?\n"), "{stdout}");
    for state in ["France", "Germany", "Russia", "Britain"] {
        assert!(stdout.contains(state), "{state} missing from\n{stdout}");
    }
    assert!(stdout.contains("model balancing · exact"), "{stdout}");
    // The bad line is a diagnostic with its place in the input, plain on a pipe.
    assert!(stderr.contains("ally::undeclared_state"), "{stderr}");
    assert!(stderr.contains("<stdin>:13:19"), "{stderr}");
    assert!(stderr.contains("did you mean `France`?"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "colour on a pipe:\n{stderr}");
    // An error in a script is exit code 1, as for `ally run`.
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_clean_script_exits_0_and_prints_no_prompt() {
    let out = repl(&[], &format!("{EUROPE}allies of France?\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "allies of France?\n  France (Russia bloc): Russia\n"
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn a_script_answers_as_ally_run_does() {
    // Every course example, piped into the REPL, prints exactly what `ally run` prints.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("examples/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "ally") {
            continue;
        }
        let src = std::fs::read_to_string(&path).expect("an example");
        let run = Command::new(env!("CARGO_BIN_EXE_ally"))
            .arg("run")
            .arg(&path)
            .output()
            .expect("ally run");
        let piped = repl(&[], &src);
        assert_eq!(
            text(&piped.stdout),
            text(&run.stdout),
            "{} differs",
            path.display()
        );
        assert_eq!(piped.status.code(), run.status.code(), "{}", path.display());
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn save_then_load_reproduces_every_answer() {
    let saved = temp("saved.ally");
    let saved_str = saved.to_str().expect("a UTF-8 path");
    let session = format!(
        "{EUROPE}threat Russia -> Nowhere\nwhy France?\n:model ideology\nwho allies with whom?\n\
         expect France with Britain\nbiggest threat to France?\n:save {saved_str}\n"
    );
    let first = repl(&[], &session);
    let answers = text(&first.stdout);
    assert!(answers.contains("model ideology"), "{answers}");
    let file = std::fs::read_to_string(&saved).expect("the saved file");
    // The accepted statements, in order, as typed; the rejected one is left out.
    assert!(file.contains("state Germany {\n  power 0.15\n"), "{file}");
    assert!(file.contains("model ideology\n"), "{file}");
    assert!(!file.contains("Nowhere"), "{file}");

    // A new session loading it gives the same answers…
    let second = repl(&[], &format!(":load {saved_str}\n"));
    assert_eq!(text(&second.stdout), answers);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    // …and so do `ally repl FILE` and `ally run FILE`.
    let third = repl(&[saved_str], "");
    assert_eq!(text(&third.stdout), answers);
    let run = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["run", saved_str])
        .output()
        .expect("ally run");
    assert_eq!(text(&run.stdout), answers);
}

#[test]
fn an_unfinished_last_statement_is_reported() {
    let out = repl(
        &[],
        "state France { power 0.1 }\nstate Germany {\n  power 0.2\n",
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("ally::syntax"), "{stderr}");
    assert!(
        stderr.contains("the input ended inside an unfinished statement (<stdin>, line 2)"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_query_without_its_question_mark_is_an_error_not_a_continuation() {
    let out = repl(&[], &format!("{EUROPE}who allies with whom\nwhy France?\n"));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stderr.contains("expected `?`"), "{stderr}");
    assert!(stdout.starts_with("why France?\n"), "{stdout}");
}

#[test]
fn commands_in_a_script() {
    let script = format!(
        "{EUROPE}:help\n:help threat\n:show germany\n:json\nallies of France?\n:json\n\
         :model\n:reset\nwhy France?\n:frobnicate\n:quit\nwhy France?\n"
    );
    let out = repl(&[], &script);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("Declarations"), "{stdout}");
    assert!(stdout.contains("threat A -> B [x]"), "{stdout}");
    // :show, found case-insensitively.
    assert!(
        stdout.contains("Germany\n  power          0.15\n"),
        "{stdout}"
    );
    assert!(stdout.contains("offense        1.3"), "{stdout}");
    assert!(stdout.contains("bloc           Germany bloc"), "{stdout}");
    // :json prints the JSON object of the query, as `--format json` does.
    let start = stdout.find("{\n").expect("a JSON object");
    let end = stdout[start..].find("\n}\n").expect("its end") + start + 2;
    let json: serde_json::Value = serde_json::from_str(&stdout[start..end]).expect("valid JSON");
    assert_eq!(json["kind"], "allies");
    assert_eq!(json["answer"]["states"][0], "Russia");
    assert!(stdout.contains("model balancing\n"), "{stdout}");
    // After :reset France is gone; :quit stops before the last line.
    assert!(
        stderr.contains("state `France` is used but never declared"),
        "{stderr}"
    );
    assert!(stderr.contains("unknown command `:frobnicate`"), "{stderr}");
    assert_eq!(stderr.matches("never declared").count(), 1, "{stderr}");
}

#[test]
fn a_missing_file_is_bad_usage() {
    let out = repl(&["no/such/file.ally"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read no/such/file.ally"));
}

/// The line editor's helper, without a terminal.
mod helper {
    use ally::repl::helper::{Names, ReplHelper, colorize};
    use ally::repl::session::needs_more;
    use rustyline::Context;
    use rustyline::completion::Completer;
    use rustyline::history::MemHistory;

    fn helper() -> ReplHelper {
        let mut h = ReplHelper::new(false);
        h.names = Names {
            states: vec!["France".into(), "Germany".into(), "Austria-Hungary".into()],
            ideologies: vec!["democracy".into(), "monarchy".into()],
            games: vec!["Chicken".into()],
            alliances: vec!["Entente".into()],
            ..Names::default()
        };
        h
    }

    fn complete(line: &str) -> Vec<String> {
        let history = MemHistory::new();
        let ctx = Context::new(&history);
        let (_, pairs) = helper()
            .complete(line, line.len(), &ctx)
            .expect("completion");
        pairs.into_iter().map(|p| p.replacement).collect()
    }

    #[test]
    fn completion_knows_where_names_go() {
        assert_eq!(complete("why Ger"), ["Germany"]);
        assert_eq!(complete("threat Au"), ["\"Austria-Hungary\""]);
        assert_eq!(
            complete("why "),
            ["\"Austria-Hungary\"", "France", "Germany"]
        );
        assert_eq!(complete("state X { power 1 ideology m"), ["monarchy"]);
        assert_eq!(
            complete("state X { power 1, "),
            ["at", "doctrine", "ideology", "offense", "power"]
        );
        assert_eq!(complete("alliance { France, G"), ["Germany"]);
        assert_eq!(complete("model band"), ["bandwagoning"]);
        assert_eq!(complete("equilibria of "), ["Chicken"]);
        assert_eq!(complete("balance of p"), ["power"]);
        assert_eq!(complete("stab"), ["stable"]);
        assert_eq!(complete(":sh"), [":show"]);
        assert_eq!(complete(":show F"), ["France"]);
        assert_eq!(complete(":help thr"), ["threat", "threatens", "threats"]);
        // Issue 24: `end threat A -> B` and `latent intent x`.
        assert_eq!(complete("end "), ["alliance", "threat"]);
        assert_eq!(complete("end threat Fr"), ["France"]);
        assert_eq!(complete("end threat France -> G"), ["Germany"]);
        assert_eq!(complete("lat"), ["latent"]);
        assert_eq!(complete("latent "), ["intent"]);
        // A new name is being declared: nothing to offer.
        assert!(complete("state Fr").is_empty());
        assert!(complete("ideology d").is_empty());
    }

    #[test]
    fn only_an_open_block_asks_for_more_lines() {
        assert!(needs_more("state France {"));
        assert!(needs_more("state France {\n  power 0.1\n"));
        assert!(needs_more("alliance Entente {\n France,"));
        assert!(needs_more("game G {"));
        assert!(!needs_more("state France { power 0.1 }"));
        assert!(!needs_more("state France"));
        // Errors are reported at once, not waited on.
        assert!(!needs_more("who allies with whom"));
        assert!(!needs_more("threat France ->"));
        assert!(!needs_more("state France { power abc"));
        // A brace inside a quoted name is no block.
        assert!(!needs_more("scenario \"{\""));
        assert!(!needs_more(":load file{"));
        assert!(!needs_more(""));
    }

    /// Typing a long line key by key (issue 12 item 7): rustyline asks for the hint, the
    /// highlighting and whether to redraw after every key. Above `MAX_DECORATED` bytes
    /// the helper does no work proportional to the line, so typing 20,000 characters
    /// costs linear time (it was quadratic: an 8,000-character line took 17 s).
    #[test]
    fn per_key_work_is_bounded_on_a_long_line() {
        use ally::repl::helper::MAX_DECORATED;
        use rustyline::highlight::{CmdKind, Highlighter};
        use rustyline::hint::Hinter;
        use std::borrow::Cow;

        let mut h = ReplHelper::new(true);
        h.names = helper().names;
        let history = MemHistory::new();
        let ctx = Context::new(&history);
        let line: String = "state France { power 0.1 }; ".repeat(800);
        let start = std::time::Instant::now();
        for end in 1..=line.len() {
            let typed = &line[..end];
            let hint = h.hint(typed, end, &ctx);
            let redraw = h.highlight_char(typed, end, CmdKind::Other);
            let shown = h.highlight(typed, end);
            if end > MAX_DECORATED {
                assert!(hint.is_none() && !redraw, "at {end}");
                assert!(matches!(shown, Cow::Borrowed(_)), "at {end}");
            }
        }
        let took = start.elapsed();
        assert!(took < std::time::Duration::from_secs(5), "{took:?}");
        // Short lines are still coloured and hinted.
        assert!(h.highlight("state France", 12).contains("\x1b["));
        assert_eq!(
            h.hint("who allies", 10, &ctx).as_deref(),
            Some(" with whom?")
        );
    }

    #[test]
    fn highlighting_only_adds_colour() {
        let names = Names {
            states: vec!["France".into()],
            ..Names::default()
        };
        let line = "state France { power 0.1 } // a \"comment\"";
        let colored = colorize(line, &names);
        assert!(colored.contains("\x1b[1;34mstate\x1b[0m"), "{colored}");
        assert!(colored.contains("\x1b[32mFrance\x1b[0m"), "{colored}");
        assert!(colored.contains("\x1b[33m0.1\x1b[0m"), "{colored}");
        // Without the escape codes it is the same text.
        let mut plain = String::new();
        let mut chars = colored.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for d in chars.by_ref() {
                    if d == 'm' {
                        break;
                    }
                }
            } else {
                plain.push(c);
            }
        }
        assert_eq!(plain, line);
    }
}

/// The prompt on a real pseudo-terminal.
#[cfg(unix)]
mod pty {
    use std::path::Path;
    use std::process::Command;

    use rexpect::session::{PtySession, spawn_command};

    use super::{EUROPE, temp};

    const PROMPT: &str = "ally> ";

    fn start(history: &Path, args: &[&str]) -> PtySession {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_ally"));
        cmd.arg("repl")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("ALLY_HISTORY", history)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        let mut p = spawn_command(cmd, Some(30_000)).expect("a pseudo-terminal");
        p.exp_string(PROMPT).expect("the first prompt");
        p
    }

    /// Types a line and Enter (rustyline reads keys raw: Enter is a carriage return),
    /// and waits for the next prompt. Returns what was printed in between. While a line
    /// is typed rustyline redraws it (and the prompt) after every key, but only on one
    /// line: the first newline is the line being accepted.
    fn enter(p: &mut PtySession, line: &str) -> String {
        p.send(line).expect("typed");
        p.send("\r").expect("Enter");
        p.flush().expect("flushed");
        p.exp_string("\n").expect("the line accepted");
        p.exp_string(PROMPT).expect("the next prompt")
    }

    /// Types a line and waits for `needle` in what it prints, then for the prompt.
    fn ask(p: &mut PtySession, line: &str, needle: &str) -> String {
        p.send(line).expect("typed");
        p.send("\r").expect("Enter");
        p.flush().expect("flushed");
        let before = p.exp_string(needle).unwrap_or_else(|e| {
            panic!("`{needle}` not printed after `{line}`: {e}");
        });
        p.exp_string(PROMPT).expect("the next prompt");
        before
    }

    fn leave(mut p: PtySession) {
        p.send_control('d').expect("Ctrl-D");
        p.exp_eof().expect("the REPL leaves on Ctrl-D");
        let status = p.process_mut().wait().expect("the exit status");
        let status = format!("{status:?}");
        assert!(
            status.starts_with("Exited(") && status.ends_with(", 0)"),
            "{status}"
        );
    }

    #[test]
    fn a_state_block_over_several_lines() {
        let history = temp("history-block");
        let mut p = start(&history, &[]);
        // The validator keeps the block open: Enter inside it starts a new line.
        p.send("state France {\r").expect("typed");
        p.send("  power 0.25\r").expect("typed");
        p.send("  offense 2 }\r").expect("typed");
        p.flush().expect("flushed");
        p.exp_string("offense 2 }").expect("the block typed");
        ask(&mut p, ":show France", "power          0.25");
        leave(p);
    }

    #[test]
    fn tab_completes_a_declared_name() {
        let history = temp("history-tab");
        let mut p = start(&history, &[]);
        enter(&mut p, "state Germany { power 0.2 }");
        enter(&mut p, "state France { power 0.1 }");
        // Tab completes `Ger` to the only declared name that fits.
        ask(&mut p, "why Ger\t?", "Germany is in the");
        leave(p);
    }

    #[test]
    fn history_is_recalled_in_a_new_session() {
        let history = temp("history-recall");
        let mut p = start(&history, &[]);
        enter(&mut p, "state Italy { power 0.04 }");
        leave(p);

        let mut p = start(&history, &[]);
        // Up recalls the last entry of the previous session; Enter runs it again.
        enter(&mut p, "\x1b[A");
        ask(&mut p, ":show Italy", "power          0.04");
        leave(p);
    }

    #[test]
    fn ctrl_c_clears_the_line_and_an_error_keeps_the_session() {
        let history = temp("history-ctrl-c");
        let file = temp("europe.ally");
        std::fs::write(&file, EUROPE).expect("written");
        let mut p = start(&history, &[file.to_str().expect("UTF-8")]);
        p.send("this is not a statement").expect("typed");
        p.flush().expect("flushed");
        p.exp_string("statement").expect("the line typed");
        p.send_control('c').expect("Ctrl-C");
        p.exp_string(PROMPT).expect("a fresh prompt");
        ask(
            &mut p,
            "threat Germany -> Belgium",
            "ally::undeclared_state",
        );
        let answer = ask(&mut p, "allies of France?", "France (Russia bloc): Russia");
        assert!(!answer.contains("ally::syntax"), "{answer}");
        leave(p);
    }

    /// Bytes that are not UTF-8, typed or pasted, made the REPL leave with status 0 and
    /// lose the session (issue 12 item 8): the line is reported and dropped, and every
    /// declaration made before it is kept.
    #[test]
    fn invalid_utf8_typed_is_reported_and_the_session_goes_on() {
        use std::io::Write;
        let history = temp("history-utf8");
        let mut p = start(&history, &[]);
        enter(&mut p, "state Chile { power 0.3 }");
        let mut tty = p.process_mut().get_file_handle().expect("the terminal");
        tty.write_all(b"state Per\xff\xfeu\r").expect("typed");
        tty.flush().expect("flushed");
        p.exp_string("not valid UTF-8")
            .expect("the bad input reported");
        p.exp_string(PROMPT).expect("a prompt again");
        ask(&mut p, ":show Chile", "power          0.3");
        leave(p);
    }

    /// The process (in `/proc`) whose command line holds `needle`: the REPL this test
    /// started, found by the unique path of its file (rexpect keeps the pid to itself).
    fn pid_with_arg(needle: &str) -> Option<u32> {
        std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(e.path().join("cmdline")).ok()?;
            let args: Vec<&[u8]> = cmdline.split(|&b| b == 0).collect();
            let is_repl = args.get(1).is_some_and(|a| *a == b"repl");
            let names = args.contains(&needle.as_bytes());
            (is_repl && names).then_some(pid)
        })
    }

    /// CPU time (user + system, in clock ticks) the process has used, from
    /// `/proc/<pid>/stat` (fields 14 and 15; the name in parentheses may hold spaces).
    fn cpu_ticks(pid: u32) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("the stat file");
        let after = &stat[stat.rfind(')').expect("the process name") + 2..];
        let fields: Vec<&str> = after.split_whitespace().collect();
        // `after` starts at field 3 (the state): utime is field 14, stime field 15.
        let tick = |i: usize| -> u64 { fields[i - 3].parse().expect("a number of ticks") };
        tick(14) + tick(15)
    }

    /// Ctrl-C during a long question stops the work (issue 10 item 5): the prompt comes
    /// back and the process is idle again — its CPU time stops growing — instead of a
    /// worker thread running on in the background.
    #[test]
    fn ctrl_c_stops_a_long_question() {
        // 28 states: 2^27 configurations, every stable alignment and its basin — seconds
        // of work even in a release build.
        let file = slow_file("big.ally", 28);
        let history = temp("history-interrupt");
        let mut p = start(&history, &[&file]);
        let pid = pid_with_arg(&file).expect("the REPL's process");
        p.send("stable alignments?\r").expect("typed");
        p.flush().expect("flushed");
        p.exp_string("\n").expect("the line accepted");
        std::thread::sleep(std::time::Duration::from_millis(500));
        let busy = cpu_ticks(pid);
        p.send_control('c').expect("Ctrl-C");
        let (_, found) = p
            // ASCII only: rexpect reads the output byte by byte, so "·" would not match.
            .exp_regex("interrupted|stable alignments? ")
            .expect("interrupted (or, on a fast machine, answered)");
        p.exp_string(PROMPT).expect("back at the prompt");
        // Idle at the prompt: two readings half a second apart agree (a worker still
        // searching would add about 50 ticks per core in that time; allow one tick of
        // rounding).
        let first = cpu_ticks(pid);
        std::thread::sleep(std::time::Duration::from_millis(500));
        let second = cpu_ticks(pid);
        assert!(
            second <= first + 1,
            "still working after Ctrl-C: {first} then {second} ticks (busy at {busy})"
        );
        if found == "interrupted" {
            // The session is intact and answers at once.
            ask(&mut p, "threats to T3?", "= power");
        }
        leave(p);
    }

    /// `ideology I0` …: what a burst declares, one line each (declarations that add no
    /// state, so that a question in the middle takes as long as without them).
    fn burst_lines(names: std::ops::Range<usize>) -> Vec<String> {
        names.map(|i| format!("ideology I{i}")).collect()
    }

    /// A question that takes a noticeable while (`stable alignments?`: every stable
    /// alignment of `n` states and their basins; 20 states take about a second in a test
    /// build, and each more state doubles it), declared by a file.
    fn slow_file(name: &str, n: usize) -> String {
        let mut src = String::new();
        for i in 0..n {
            src.push_str(&format!(
                "state T{i} {{ power 0.{} offense 1.{} }}\n",
                1 + (i * 7919) % 9,
                i % 10
            ));
        }
        for i in 0..n {
            src.push_str(&format!(
                "threat T{i} -> T{} 0.{}\n",
                (i * 5 + 3) % n,
                1 + i % 9
            ));
        }
        let file = temp(name);
        std::fs::write(&file, src).expect("written");
        file.to_str().expect("UTF-8").to_string()
    }

    /// Sends `lines` and a last `:save` line in one write (as a paste without bracketed
    /// paste arrives), waits until the save is confirmed, leaves, and returns the
    /// `ideology I…` lines of the saved session, in order. rustyline redraws a line after
    /// every key, with hints, so a typed line never appears whole in the output: the
    /// confirmation of the last line is what says every line before it was read.
    fn burst_then_saved(mut p: PtySession, lines: &[String], name: &str) -> Vec<String> {
        let saved = temp(name);
        let mut burst = lines.join("\r");
        burst.push_str(&format!("\r:save {}\r", saved.display()));
        p.send(&burst).expect("typed");
        p.flush().expect("flushed");
        p.exp_regex("saved [0-9]+ statements? to").expect("saved");
        p.exp_string(PROMPT).expect("the next prompt");
        leave(p);
        std::fs::read_to_string(&saved)
            .expect("the saved session")
            .lines()
            .filter(|l| l.starts_with("ideology I"))
            .map(str::to_string)
            .collect()
    }

    /// Lines arriving in one burst (a paste without bracketed paste, or typing faster
    /// than the REPL reads) were lost past the first (issue 26 item 1): rustyline read
    /// them into its buffer and dropped the buffer when it returned the first line.
    /// Bursts of 2, 10 and 200 lines are all declared, in order.
    #[test]
    fn no_line_of_a_burst_is_lost() {
        for n in [2, 10, 200] {
            let history = temp(&format!("history-burst-{n}"));
            let p = start(&history, &[]);
            let lines = burst_lines(0..n);
            let saved = burst_then_saved(p, &lines, &format!("burst-{n}.ally"));
            assert_eq!(saved, lines, "burst of {n}");
        }
    }

    /// The same with a slow question in the middle of the burst, and with lines typed
    /// ahead while it runs (the terminal is then out of rustyline's hands): nothing is
    /// lost, and everything runs in order.
    #[test]
    fn lines_typed_during_a_slow_question_are_kept() {
        let file = slow_file("slow-burst.ally", 20);
        for n in [2, 10, 200] {
            let history = temp(&format!("history-slow-{n}"));
            let mut p = start(&history, &[&file]);
            let lines = burst_lines(0..n);
            let (first, second) = lines.split_at(n / 2);
            // Half the burst, the slow question, the other half: all in one write.
            let mut burst: Vec<String> = first.to_vec();
            burst.push("stable alignments?".into());
            burst.extend(second.iter().cloned());
            p.send(&format!("{}\r", burst.join("\r"))).expect("typed");
            p.flush().expect("flushed");
            // More lines typed while it runs, then the save.
            std::thread::sleep(std::time::Duration::from_millis(300));
            let ahead = burst_lines(n..n + 3);
            let saved = burst_then_saved(p, &ahead, &format!("slow-{n}.ally"));
            let mut want = lines.clone();
            want.extend(ahead);
            assert_eq!(saved, want, "burst of {n}");
        }
    }

    /// A bracketed paste arrives as one entry of several lines; it runs line by line,
    /// a `:command` on a line of its own included, and a block over two lines.
    #[test]
    fn a_bracketed_paste_runs_line_by_line() {
        let history = temp("history-bracketed");
        let mut p = start(&history, &[]);
        p.send("\x1b[200~ideology I0\n:model\nideology I1\nstate S {\n  power 1 }\nideology I2\n\x1b[201~\r")
            .expect("pasted");
        p.flush().expect("flushed");
        p.exp_string("model balancing")
            .expect("the command in the paste");
        let saved = burst_then_saved(p, &[], "bracketed.ally");
        assert_eq!(saved, burst_lines(0..3));
    }

    /// Ctrl-C abandons the running question only: lines typed ahead before it are
    /// still read and run.
    #[test]
    fn ctrl_c_abandons_only_the_running_question() {
        let file = slow_file("slow-ctrl-c.ally", 26);
        let history = temp("history-slow-ctrl-c");
        let mut p = start(&history, &[&file]);
        p.send("stable alignments?\r").expect("typed");
        p.flush().expect("flushed");
        p.exp_string("\n").expect("the line accepted");
        let ahead = burst_lines(0..3);
        p.send(&format!("{}\r", ahead.join("\r")))
            .expect("typed ahead");
        p.flush().expect("flushed");
        std::thread::sleep(std::time::Duration::from_millis(200));
        p.send_control('c').expect("Ctrl-C");
        p.exp_string("interrupted").expect("the question abandoned");
        let saved = burst_then_saved(p, &[], "slow-ctrl-c-saved.ally");
        assert_eq!(saved, ahead);
    }
}

/// Piped standard input is read whole: a long script loses no line either.
#[test]
fn no_piped_line_is_lost() {
    let mut script = String::new();
    for i in 0..200 {
        script.push_str(&format!("state S{i} {{ power {} }}\n", 1 + i % 7));
    }
    script.push_str("threats to S199?\n");
    let out = repl(&[], &script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("threats to S199?"),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}

/// `:graph FILE` writes the picture `ally graph` draws of the same declarations.
#[test]
fn graph_command_draws_the_session() {
    let svg = temp("session.svg");
    let out = repl(
        &[],
        &format!(
            "state A {{ power 2 }}\nstate B {{ power 1 }}\nthreat A -> B\n:graph {}\n",
            svg.display()
        ),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let drawn = std::fs::read_to_string(&svg).expect(":graph wrote the file");
    let (checker, _) = ally_core::document::check_source(
        "s.ally",
        "state A { power 2 }\nstate B { power 1 }\nthreat A -> B\n",
    );
    let s = std::sync::Arc::new(checker.state.scenario);
    let expected = ally_core::render::svg::svg(&s, &ally_core::query::picture::blocs_for(&s, None));
    assert_eq!(drawn, expected);
}

/// Issue 11 item 6: `:undo` takes back the last entry that changed the scenario (a
/// query changes nothing, so it is skipped), says what it took back, and says so when
/// there is nothing left. Each answer is compared with `ally run` on the declarations
/// that should remain.
#[test]
fn undo_takes_back_the_last_entry_that_changed_the_scenario() {
    let decl = "state A { power 1 }\nstate B { power 2 }\n";
    let saved = temp("after-undo.ally");
    let script = format!(
        "{decl}threat B -> A 0.3\nthreat B -> A 0.9\nthreats to A?\n:undo\nthreats to A?\n\
         :undo\n:save {}\n:undo\n:undo\n:undo\nstate C {{ power 1 }}\n",
        saved.display()
    );
    let out = repl(&[], &script);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    let run = |src: &str| {
        let r = ally_core::document::run_source("u.ally", src, None);
        ally_core::render::text::file(&r, false)
    };
    let high = run(&format!("{decl}threat B -> A 0.9\nthreats to A?\n"));
    let low = run(&format!("{decl}threat B -> A 0.3\nthreats to A?\n"));
    assert_ne!(high, low);
    assert_eq!(stdout, format!("{high}{low}"));
    assert!(stderr.contains("undid `threat B -> A 0.9`"), "{stderr}");
    assert!(stderr.contains("undid `threat B -> A 0.3`"), "{stderr}");
    assert!(stderr.contains("undid `state B { power 2 }`"), "{stderr}");
    assert!(stderr.contains("nothing to undo"), "{stderr}");
    // The undone statements are not saved; the query typed after them is.
    let file = std::fs::read_to_string(&saved).expect(":save wrote");
    assert!(!file.contains("threat B"), "{file}");
    assert!(
        file.contains("state B { power 2 }\nthreats to A?\nthreats to A?\n"),
        "{file}"
    );
    // `nothing to undo` is not a mistake, and the session goes on after it.
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

/// A rejected line leaves the session as it was, including what the `at` blocks made
/// (the session is rebuilt from its accepted statements): an alliance made in one
/// entry's block is ended by a later entry's, and `:undo` of a `:load` takes back the
/// whole file.
#[test]
fn undo_and_rejected_lines_keep_what_at_blocks_made() {
    let file = temp("loaded.ally");
    std::fs::write(
        &file,
        "state A { power 1 }\nstate B { power 0.5 }\npropensity A ~ B = -0.5\nmodel landscape\n",
    )
    .expect("written");
    let script = format!(
        ":load {}\nat 1 {{ alliance U {{ A, B }} reliability 1 }}\nthreat A -> Nowhere\n\
         at 2 {{ end alliance U }}\nexpect B switches at 2\n:undo\n:undo\n:undo\nwho allies with whom?\n",
        file.display()
    );
    let out = repl(&[], &script);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        stdout.contains("expect B switches at 2 … ok"),
        "{stdout}\n{stderr}"
    );
    assert!(
        stderr.contains("undid `at 2 { end alliance U }`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("undid `at 1 { alliance U { A, B } reliability 1 }`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("undid the 4 statements loaded from"),
        "{stderr}"
    );
    // After the file is undone, A is unknown again.
    assert!(
        stderr.contains("no states are declared") || stderr.contains("ally::no_states"),
        "{stderr}"
    );
    assert!(!stdout.contains("who allies with whom?\n  A"), "{stdout}");
}
