//! The tabular answers as rows and columns of plain strings, for the renderers that
//! draw real tables (Markdown, HTML). It only reads answer structs; each renderer
//! escapes the cells for its own format.

use super::games::{mixes, pairs};
use super::words::num;
use crate::games::report::{Equilibria, Risk};
use crate::query::{Answer, Bloc};

/// One table, with the lines of text that belong under it (energy, model, notes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn exactness(exact: bool) -> &'static str {
    if exact {
        "exact"
    } else {
        "approximate (heuristic search)"
    }
}

fn bloc_rows(blocs: &[Bloc]) -> Vec<Vec<String>> {
    blocs
        .iter()
        .map(|b| {
            vec![
                format!("{} bloc", b.name),
                b.members.join(", "),
                num(b.power),
            ]
        })
        .collect()
}

/// `Russia bloc: Russia, France; Germany bloc: Germany`.
fn blocs_in_words(blocs: &[Bloc]) -> String {
    let parts: Vec<String> = blocs
        .iter()
        .map(|b| format!("{} bloc: {}", b.name, b.members.join(", ")))
        .collect();
    parts.join("; ")
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn equilibria(e: &Equilibria) -> Table {
    let risk = e
        .equilibria
        .iter()
        .any(|q| !q.risk_dominant.is_not_applicable());
    let mut header = strings(["#", "equilibrium", "kind", "payoffs", "payoff dominant"]);
    if risk {
        header.push("risk dominant".to_string());
    }
    let rows = e
        .equilibria
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut row = vec![
                (i + 1).to_string(),
                if q.pure {
                    q.label.clone()
                } else {
                    mixes(&q.probabilities)
                },
                if q.pure { "pure" } else { "mixed" }.to_string(),
                pairs(&q.payoffs_exact),
                yes_no(q.payoff_dominant),
            ];
            if risk {
                row.push(match q.risk_dominant {
                    Risk::Value(b) => yes_no(b),
                    _ => "not settled by a ranking".to_string(),
                });
            }
            row
        })
        .collect();
    let mut notes = vec![format!(
        "{} {} · payoffs are {}{}",
        e.equilibria.len(),
        if e.equilibria.len() == 1 {
            "equilibrium"
        } else {
            "equilibria"
        },
        e.payoffs_are,
        match e.degenerate {
            Some(false) => " · non-degenerate game: this is all of them",
            Some(true) => " · DEGENERATE game: the extreme equilibria",
            None => "",
        }
    )];
    for [a, b] in &e.segments {
        notes.push(format!(
            "#{a} and #{b} are joined by a segment of equilibria: every mix of the two is one too"
        ));
    }
    notes.push(format!("payoff dominance: {}", e.payoff_dominance));
    if let Some(r) = &e.risk_dominance {
        notes.push(format!("risk dominance: {r}"));
    }
    notes.extend(e.notes.iter().map(|n| format!("note: {n}")));
    Table {
        header,
        rows,
        notes,
    }
}

/// The table of a tabular answer (`who allies with whom?`, `threats to X?`, `stable
/// alignments?`, `compare models?`, `balance of power?`, `timeline?`, equilibria);
/// `None` for the answers best read as sentences.
pub fn of(a: &Answer) -> Option<Table> {
    Some(match a {
        Answer::Alignment(al) => {
            let mut notes = Vec::new();
            if !al.indifferent.is_empty() {
                notes.push(format!(
                    "indifferent: {} (moving changes nothing)",
                    al.indifferent.join(", ")
                ));
            }
            if al.ties > 1 {
                notes.push(format!(
                    "{} stable alignments share this least energy",
                    al.ties
                ));
            }
            notes.push(format!(
                "energy {} · model {} · {}",
                num(al.energy),
                al.model,
                super::text::how_exact(al)
            ));
            Table {
                header: strings(["bloc", "members", "power"]),
                rows: bloc_rows(&al.blocs),
                notes,
            }
        }
        Answer::Threats(t) => Table {
            header: strings(["from", "threat", "power", "proximity", "offense", "intent"]),
            rows: t
                .threats
                .iter()
                .map(|r| {
                    vec![
                        r.from.clone(),
                        num(r.threat),
                        num(r.power),
                        num(r.proximity),
                        num(r.offense),
                        if r.declared {
                            num(r.intent)
                        } else {
                            format!("{} (baseline)", num(r.intent))
                        },
                    ]
                })
                .collect(),
            notes: if t.threats.is_empty() {
                vec![format!("nothing threatens {}", t.state)]
            } else {
                vec!["threat = power × proximity × offense × intent".to_string()]
            },
        },
        Answer::Stable(s) => {
            let mut notes = vec![format!(
                "{} stable alignment{} · model {} · {} · basins out of {} {}",
                s.total,
                if s.total == 1 { "" } else { "s" },
                s.model,
                exactness(s.exact),
                s.configurations,
                if s.exact {
                    "configurations"
                } else {
                    "descents"
                }
            )];
            notes.extend(super::text::least_line(s));
            let hidden = s.total.saturating_sub(s.alignments.len() as u64);
            if hidden > 0 {
                notes.push(format!(
                    "… and {hidden} more with higher energy (not listed)"
                ));
            }
            Table {
                header: strings(["#", "energy", "basin", "blocs", "indifferent"]),
                rows: s
                    .alignments
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        vec![
                            (i + 1).to_string(),
                            match super::text::above_least(s, a) {
                                Some(x) => format!("{} ({x})", num(a.energy)),
                                None => num(a.energy),
                            },
                            num(a.basin),
                            blocs_in_words(&a.blocs),
                            a.placement
                                .iter()
                                .map(|(st, with)| match with {
                                    Some(b) => format!("{st} (with the {b} bloc)"),
                                    None => format!("{st} (alone)"),
                                })
                                .collect::<Vec<_>>()
                                .join(", "),
                        ]
                    })
                    .collect(),
                notes,
            }
        }
        Answer::Compare(c) => {
            let mut header = vec!["state".to_string()];
            header.extend(c.models.iter().cloned());
            Table {
                header,
                rows: c
                    .rows
                    .iter()
                    .map(|r| {
                        let mut row = vec![r.state.clone()];
                        row.extend(
                            r.blocs
                                .iter()
                                .map(|b| b.clone().unwrap_or_else(|| "indifferent".into())),
                        );
                        row
                    })
                    .collect(),
                notes: vec![format!(
                    "each cell names the state's bloc after its most powerful member · {}",
                    exactness(c.exact)
                )],
            }
        }
        Answer::Balance(b) => Table {
            header: strings(["bloc", "members", "power"]),
            rows: bloc_rows(&b.blocs),
            notes: vec![match b.ratio {
                Some(r) => format!("ratio {} : 1 — {}", num(r), b.verdict),
                None => format!("one bloc holds every state — {}", b.verdict),
            }],
        },
        Answer::Timeline(t) => {
            let mut notes = vec![if t.summary.is_empty() {
                "summary: no state switched sides".to_string()
            } else {
                let parts: Vec<String> = t
                    .summary
                    .iter()
                    .map(|(k, n)| format!("{n} after {}", k.word()))
                    .collect();
                format!("summary: switches {}", parts.join(", "))
            }];
            if !t.exact {
                notes.push(exactness(false).to_string());
            }
            Table {
                header: strings(["time", "events", "blocs", "switches"]),
                rows: t
                    .steps
                    .iter()
                    .map(|st| {
                        let switches = if st.time.is_none() {
                            String::new()
                        } else if st.switched.is_empty() {
                            "nobody switches sides".to_string()
                        } else {
                            st.switched
                                .iter()
                                .map(|sw| {
                                    format!("{}: {} bloc → {} bloc", sw.state, sw.from, sw.to)
                                })
                                .collect::<Vec<_>>()
                                .join("; ")
                        };
                        vec![
                            st.time.map_or_else(|| "start".to_string(), num),
                            st.events.join("; "),
                            blocs_in_words(&st.alignment.blocs),
                            switches,
                        ]
                    })
                    .collect(),
                notes,
            }
        }
        Answer::Equilibria(e) => equilibria(e),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Alignment, Balance};

    fn bloc(name: &str, members: &[&str], power: f64) -> Bloc {
        Bloc {
            name: name.into(),
            members: members.iter().map(|m| m.to_string()).collect(),
            power,
        }
    }

    #[test]
    fn an_alignment_is_one_row_per_bloc() {
        let a = Answer::Alignment(Alignment {
            model: "balancing".into(),
            exact: true,
            gap_percent: None,
            bound: None,
            energy: -30.0,
            blocs: vec![bloc("B", &["A", "B"], 3.0), bloc("C", &["C"], 3.0)],
            indifferent: vec![],
            ties: 1,
        });
        let t = of(&a).expect("tabular");
        assert_eq!(t.header, ["bloc", "members", "power"]);
        assert_eq!(t.rows[0], ["B bloc", "A, B", "3"]);
        assert_eq!(t.rows[1], ["C bloc", "C", "3"]);
        assert_eq!(t.notes, ["energy -30 · model balancing · exact"]);
    }

    #[test]
    fn balance_carries_its_verdict() {
        let a = Answer::Balance(Balance {
            model: "balancing".into(),
            exact: true,
            blocs: vec![bloc("A", &["A"], 3.0), bloc("B", &["B"], 1.0)],
            ratio: Some(3.0),
            verdict: "overwhelming",
        });
        assert_eq!(
            of(&a).expect("tabular").notes,
            ["ratio 3 : 1 — overwhelming"]
        );
    }
}
