//! The `:` commands of the REPL.

use std::fmt::Write as _;
use std::path::Path;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::help;
use super::session::{Flow, REPL_SOURCE, Session};
use ally_core::model::check::{Action, Item, quote};
use ally_core::model::question::{Query, Question};
use ally_core::model::{Doctrine, Relation, fmt_num};
use ally_core::query::Answer;
use ally_core::render::text::num;
use ally_core::span::Span;

/// Every command, as completed and listed.
pub const COMMANDS: &[&str] = &[
    ":help", ":load", ":save", ":undo", ":reset", ":model", ":show", ":json", ":graph", ":quit",
];

impl Session {
    /// Runs one `:command` line.
    pub fn command(&mut self, line: &str) -> Flow {
        let line = line.trim();
        let (name, arg) = match line.find(char::is_whitespace) {
            Some(i) => (&line[..i], line[i..].trim()),
            None => (line, ""),
        };
        match name {
            ":help" | ":h" | ":?" => {
                let text = if arg.is_empty() {
                    Ok(help::OVERVIEW.to_string())
                } else {
                    help::topic(arg)
                };
                match text {
                    Ok(t) => self.sink.out(&t),
                    Err(e) => self.sink.err(&e),
                }
            }
            ":quit" | ":q" | ":exit" => return Flow::Quit,
            ":undo" => self.undo(),
            ":reset" => {
                self.reset();
                self.note("the session is empty again\n");
            }
            ":json" => {
                self.json = match arg {
                    "on" => true,
                    "off" => false,
                    _ => !self.json,
                };
                let now = if self.json { "JSON" } else { "text" };
                self.note(&format!("answers are now {now}\n"));
            }
            ":model" => self.model(arg),
            ":load" => self.load(arg),
            ":save" => match arg.strip_prefix("--force") {
                Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => {
                    self.save(rest, true)
                }
                _ => self.save(arg, false),
            },
            ":save!" => self.save(arg, true),
            ":show" => self.show(arg),
            ":graph" => self.graph(arg),
            _ => {
                let hint = ally_core::diagnostics::did_you_mean(name, COMMANDS.iter().copied())
                    .map(|h| format!(" — {h}"))
                    .unwrap_or_default();
                self.fail(&format!(
                    "unknown command `{name}`{hint}\ncommands: {}\n",
                    COMMANDS.join(" ")
                ));
            }
        }
        Flow::Continue
    }

    /// A confirmation, shown only to a person at the prompt.
    fn note(&mut self, text: &str) {
        if self.interactive {
            self.sink.err(text);
        }
    }

    /// An error that is not about the scenario's text (a file that cannot be read…).
    fn fail(&mut self, text: &str) {
        self.errors += 1;
        self.sink.err(&format!("error: {text}"));
    }

    /// `:model` shows the model; `:model M` is the statement `model M`.
    fn model(&mut self, arg: &str) {
        if arg.is_empty() {
            let m = self.checker.state.scenario.model.describe();
            self.sink.out(&format!("model {m}\n"));
            return;
        }
        let text = format!("model {arg}");
        let before = self.accepted.len();
        let start = self.sources.add(REPL_SOURCE, &text);
        self.run_chunk(&text, start, false);
        if self.accepted.len() > before {
            let m = self.checker.state.scenario.model.describe();
            self.note(&format!("model {m}\n"));
        }
    }

    fn load(&mut self, arg: &str) {
        let path = unquote(arg);
        if path.is_empty() {
            self.fail("`:load` needs a file, e.g. `:load examples/europe-1914.ally`\n");
            return;
        }
        match std::fs::read(path).map(crate::source::decode) {
            Ok(decoded) if decoded.error.is_some() => {
                // Not UTF-8: the diagnostic, and nothing of the file is run.
                let diags = decoded.error.into_iter().collect();
                let report = ally_core::diagnostics::Report::new(path, &decoded.text, diags);
                self.errors += 1;
                self.sink
                    .err(&ally_core::diagnostics::render(&report, self.style));
            }
            Ok(decoded) => {
                let src = decoded.text;
                let states = self.checker.state.scenario.states.len();
                let start = self.sources.add(path, &src);
                self.run_chunk(&src, start, true);
                let added = self.checker.state.scenario.states.len() - states;
                self.note(&format!(
                    "loaded {path} ({added} state{} added)\n",
                    if added == 1 { "" } else { "s" }
                ));
            }
            Err(e) => self.fail(&format!("cannot read {path}: {e}\n")),
        }
    }

    /// `:save FILE` (`:save! FILE` or `:save --force FILE` to write over a file with
    /// comments, which the session does not keep).
    fn save(&mut self, arg: &str, force: bool) {
        let path = unquote(arg);
        if path.is_empty() {
            self.fail("`:save` needs a file, e.g. `:save my-scenario.ally`\n");
            return;
        }
        if !force && std::fs::read_to_string(path).is_ok_and(|old| has_comments(&old)) {
            self.fail(&format!(
                "{path} has comments, which `:save` would lose (it writes only the accepted \
                 statements); use `:save! {path}` to write over it anyway, or save to another file\n"
            ));
            return;
        }
        let mut text =
            String::from("// Saved by `ally repl`: the session's accepted statements, in order.\n");
        for s in &self.accepted {
            text.push_str(s);
            text.push('\n');
        }
        match crate::output::write_atomic(Path::new(path), text.as_bytes(), &[]) {
            Ok(()) => {
                let n = self.accepted.len();
                self.note(&format!(
                    "saved {n} statement{} to {path}\n",
                    if n == 1 { "" } else { "s" }
                ));
            }
            Err(e) => self.fail(&format!("{}\n", e.0.trim_start_matches("error: "))),
        }
    }

    /// `:graph FILE.svg` (or `.dot`): the picture `ally graph` would draw of the session.
    fn graph(&mut self, arg: &str) {
        let path = unquote(arg);
        if path.is_empty() {
            self.fail("`:graph` needs a file, e.g. `:graph europe.svg` (or `.dot`)\n");
            return;
        }
        let scenario = std::sync::Arc::new(self.checker.state.scenario.clone());
        let blocs = ally_core::query::picture::blocs_for(&scenario, None);
        let text = if path.ends_with(".dot") {
            ally_core::render::dot::scenario_dot(&scenario, &blocs)
        } else {
            ally_core::render::svg::svg(&scenario, &blocs)
        };
        match crate::output::write_atomic(Path::new(path), text.as_bytes(), &[]) {
            Ok(()) => self.note(&format!("wrote {path}\n")),
            Err(e) => self.fail(&format!("{}\n", e.0.trim_start_matches("error: "))),
        }
    }

    /// `:show X`: what is known about a state.
    fn show(&mut self, arg: &str) {
        let wanted = unquote(arg);
        let s = &self.checker.state.scenario;
        if wanted.is_empty() {
            let names: Vec<String> = s.states.iter().map(|x| quote(&x.name)).collect();
            if names.is_empty() {
                self.fail("`:show` needs a state, and none is declared yet\n");
            } else {
                self.fail(&format!("`:show` needs a state: {}\n", names.join(", ")));
            }
            return;
        }
        let found = s.state(wanted).or_else(|| {
            let mut m = s
                .states
                .iter()
                .enumerate()
                .filter(|(_, x)| x.name.eq_ignore_ascii_case(wanted));
            match (m.next(), m.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        });
        let Some(me) = found else {
            let hint = ally_core::diagnostics::did_you_mean(
                wanted,
                s.states.iter().map(|x| x.name.as_str()),
            )
            .map(|h| format!(" — {h}"))
            .unwrap_or_default();
            self.fail(&format!("no state `{wanted}` is declared{hint}\n"));
            return;
        };
        let mut out = describe_state(s, me);
        // Its bloc: the question `allies of X?`, asked of the scenario as it stands.
        let name = s.states[me].name.clone();
        let item = Item {
            action: Action::Query(Query {
                kind: Question::AlliesOf(me),
                text: format!("allies of {}", quote(&name)),
            }),
            span: Span::default(),
            scenario: std::sync::Arc::new(self.checker.scenario().clone()),
        };
        if let Action::Query(q) = item.action.clone() {
            match self.compute(move |ev| ally_core::query::answer(ev, &item, &q.kind)) {
                Some(Ok(Answer::Side(side))) => {
                    let how = if side.exact { "" } else { ", approximate" };
                    if side.neutral {
                        let _ = writeln!(
                            out,
                            "  {:<15}neutral: stays out of every bloc (model {}{how})",
                            "bloc", side.model
                        );
                    } else if side.indifferent {
                        let _ = writeln!(
                            out,
                            "  {:<15}indifferent: no bloc holds it (model {}{how})",
                            "bloc", side.model
                        );
                    } else {
                        let with = if side.states.is_empty() {
                            "alone".to_string()
                        } else {
                            format!("with {}", side.states.join(", "))
                        };
                        let _ = writeln!(
                            out,
                            "  {:<15}{} bloc, {with} (model {}{how})",
                            "bloc",
                            side.bloc.unwrap_or_default(),
                            side.model
                        );
                    }
                }
                Some(Ok(_)) | None => {}
                Some(Err(d)) => {
                    let _ = writeln!(out, "  {:<15}not computed: {}", "bloc", d.message);
                }
            }
        }
        self.sink.out(&out);
    }
}

/// The attributes and relations of state `me`, one fact a line.
fn describe_state(s: &ally_core::model::Scenario, me: usize) -> String {
    let st = &s.states[me];
    let mut out = String::new();
    let _ = writeln!(out, "{}", quote(&st.name));
    let _ = writeln!(out, "  {:<15}{}", "power", fmt_num(st.power));
    let ideology = st
        .ideology
        .and_then(|i| s.ideologies.get(i))
        .map_or("none".to_string(), |i| quote(i));
    let _ = writeln!(out, "  {:<15}{ideology}", "ideology");
    let _ = writeln!(out, "  {:<15}{}", "offense", fmt_num(st.offense));
    if let Some((lat, lon)) = st.at {
        let _ = writeln!(
            out,
            "  {:<15}{}, {}",
            "position",
            fmt_num(lat),
            fmt_num(lon)
        );
    }
    let doctrine = match st.doctrine {
        Some(Doctrine::Balancing) => "balancing",
        Some(Doctrine::Bandwagoning) => "bandwagoning",
        None => "none (follows the model)",
    };
    let _ = writeln!(out, "  {:<15}{doctrine}", "doctrine");

    let other = |e: &petgraph::graph::EdgeReference<'_, Relation>| {
        let j = if e.source().index() == me {
            e.target().index()
        } else {
            e.source().index()
        };
        quote(&s.states[j].name)
    };
    let node = NodeIndex::new(me);
    let mut borders = Vec::new();
    let mut distances = Vec::new();
    let mut threatens = Vec::new();
    let mut threatened = Vec::new();
    let mut offers = Vec::new();
    let mut offered = Vec::new();
    let mut propensities = Vec::new();
    let edges = s
        .graph
        .edges_directed(node, petgraph::Direction::Outgoing)
        .chain(s.graph.edges_directed(node, petgraph::Direction::Incoming));
    for e in edges {
        let outgoing = e.source().index() == me;
        let who = other(&e);
        match e.weight() {
            Relation::Border => borders.push(who),
            Relation::Distance(x) => distances.push(format!("{who} {}", fmt_num(*x))),
            Relation::Threat(x) if outgoing => threatens.push(format!("{who} {}", fmt_num(*x))),
            Relation::Threat(x) => threatened.push(format!("{who} {}", fmt_num(*x))),
            Relation::Offer(x) if outgoing => offers.push(format!("{who} {}", fmt_num(*x))),
            Relation::Offer(x) => offered.push(format!("{who} {}", fmt_num(*x))),
            Relation::Propensity(x) => propensities.push(format!("{who} {}", fmt_num(*x))),
            Relation::Alliance(_) => {}
        }
    }
    for (label, list) in [
        ("borders", borders),
        ("distance", distances),
        ("threatens", threatens),
        ("threatened by", threatened),
        ("offers aid to", offers),
        ("aid from", offered),
        ("propensity", propensities),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "  {label:<15}{}", list.join(", "));
        }
    }
    let alliances: Vec<String> = s
        .alliances
        .iter()
        .filter(|a| a.members.contains(&me))
        .map(|a| {
            let members: Vec<String> = a
                .members
                .iter()
                .map(|&m| quote(&s.states[m].name))
                .collect();
            let pact =
                ally_core::model::pacts::type_text(&a.obligations, |id| quote(s.name_of(id)));
            let pact = if pact.is_empty() {
                pact
            } else {
                format!(" type {pact}")
            };
            format!(
                "{} {{ {} }}{pact} reliability {}",
                quote(&a.name),
                members.join(", "),
                fmt_num(a.reliability)
            )
        })
        .collect();
    if !alliances.is_empty() {
        let _ = writeln!(out, "  {:<15}{}", "alliances", alliances.join("; "));
    }
    let threats = ally_core::query::threats_to(s, &s.model, me);
    if let Some(top) = threats.first() {
        let _ = writeln!(
            out,
            "  {:<15}{} (threat {}{}); `threats to {}?` for all",
            "biggest threat",
            quote(&top.from),
            num(top.threat),
            match (top.latent, top.partners) {
                (false, _) => "",
                (true, false) => ", latent: power alone, no declared threat",
                (true, true) => ", latent",
            },
            quote(&st.name)
        );
    }
    out
}

/// A file name as typed, with optional quotes.
/// Whether a `.ally` text holds a `//` comment (outside a quoted name).
fn has_comments(text: &str) -> bool {
    text.lines().any(|line| {
        let mut quoted = false;
        let mut prev = ' ';
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                '/' if prev == '/' && !quoted => return true,
                _ => {}
            }
            prev = c;
        }
        false
    })
}

fn unquote(arg: &str) -> &str {
    let a = arg.trim();
    a.strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(a)
}
