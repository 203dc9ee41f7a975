//! The tabular answers as rows and columns of plain strings, for the renderers that
//! draw real tables (Markdown, HTML). It only reads answer structs; each renderer
//! escapes the cells for its own format.

use super::games::{mixes, pairs, str_of};
use super::words::{intent_mark, num};
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

/// `Russia bloc: Russia, France (power 0.25); Germany bloc: Germany (power 0.15)`, then
/// `; neutral: Sweden` when some states stay out.
fn blocs_in_words(blocs: &[Bloc], neutral: &[String]) -> String {
    let mut parts: Vec<String> = blocs
        .iter()
        .map(|b| {
            format!(
                "{} bloc: {} (power {})",
                b.name,
                b.members.join(", "),
                num(b.power)
            )
        })
        .collect();
    if !neutral.is_empty() {
        parts.push(format!("neutral: {}", neutral.join(", ")));
    }
    parts.join("; ")
}

/// The note of an alignment's neutral states, if it has some.
fn neutral_note(neutral: &[String]) -> Option<String> {
    (!neutral.is_empty()).then(|| format!("neutral: {}", neutral.join(", ")))
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// The reduced strategic form of a tree: with two players who move, a matrix (the
/// first mover's plans as rows, each cell the payoffs of every player); otherwise one
/// row per profile.
pub fn strategic_form(f: &crate::games::extensive::StrategicForm) -> Table {
    let notes = f.notes.clone();
    if f.movers.len() == 2 {
        let cols = f.plans[1].len();
        let mut header = vec![format!("{} \\ {}", f.movers[0], f.movers[1])];
        header.extend(f.plans[1].iter().cloned());
        let rows = f.plans[0]
            .iter()
            .enumerate()
            .map(|(r, plan)| {
                let mut row = vec![plan.clone()];
                row.extend((0..cols).map(|c| f.profiles[r * cols + c].payoffs.join(", ")));
                row
            })
            .collect();
        return Table {
            header,
            rows,
            notes,
        };
    }
    let mut header = f.movers.clone();
    header.push(format!("payoffs ({})", f.players.join(", ")));
    let rows = f
        .profiles
        .iter()
        .map(|p| {
            let mut row = p.plans.clone();
            row.push(p.payoffs.join(", "));
            row
        })
        .collect();
    Table {
        header,
        rows,
        notes,
    }
}

fn equilibria(e: &Equilibria) -> Table {
    let risk = e
        .equilibria
        .iter()
        .any(|q| !q.risk_dominant.is_not_applicable());
    let pareto = e
        .equilibria
        .iter()
        .any(|q| !q.pareto_dominated_by.is_empty());
    let mut header = strings(["#", "equilibrium", "kind", "payoffs", "payoff dominant"]);
    if risk {
        header.push("risk dominant".to_string());
    }
    if pareto {
        header.push("Pareto-dominated by".to_string());
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
                match (q.pure, q.strict) {
                    (true, Some(true)) => "pure, strict",
                    (true, _) => "pure",
                    (false, _) => "mixed",
                }
                .to_string(),
                match &q.outcomes {
                    Some(o) => format!(
                        "{} ({})",
                        pairs(&q.payoffs_exact),
                        o.values().map(str_of).collect::<Vec<_>>().join(", ")
                    ),
                    None => pairs(&q.payoffs_exact),
                },
                yes_no(q.payoff_dominant),
            ];
            if risk {
                row.push(match q.risk_dominant {
                    Risk::Value(b) => yes_no(b),
                    _ => "not settled by a ranking".to_string(),
                });
            }
            if pareto {
                row.push(q.pareto_dominated_by.join(", "));
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
        match e.payoffs_are {
            "outcome ranking" => "ranks",
            other => other,
        },
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
            let mut notes: Vec<String> = neutral_note(&al.neutral).into_iter().collect();
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
            header: vec![
                "from".to_string(),
                "threat".to_string(),
                "power".to_string(),
                "proximity".to_string(),
                "offense".to_string(),
                "intent".to_string(),
                "weight".to_string(),
                format!("how {} answers", t.state),
            ],
            rows: t
                .threats
                .iter()
                .map(|r| {
                    let response = super::text::threat_response(&t.state, r.response);
                    vec![
                        r.from.clone(),
                        num(r.threat),
                        num(r.power),
                        num(r.proximity),
                        num(r.offense),
                        format!("{}{}", num(r.intent), intent_mark(r.latent, r.partners)),
                        if response.is_some() {
                            num(r.weight)
                        } else {
                            "none".to_string()
                        },
                        response.unwrap_or_else(|| {
                            "not at all: the model gives threats no weight".into()
                        }),
                    ]
                })
                .collect(),
            notes: if t.threats.is_empty() {
                vec![format!("nothing threatens {}", t.state)]
            } else {
                vec![format!(
                    "threat = power × proximity × offense × intent (Walt); weight = the energy the threat weighs in the alignment ({}'s power × threat under the model), the order {} answers them in",
                    t.state, t.state
                )]
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
                            format!(
                                "{} ({} of {})",
                                num(a.basin),
                                a.basin_count,
                                s.configurations
                            ),
                            blocs_in_words(&a.blocs, &a.neutral),
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
                        row.extend((0..r.blocs.len()).map(|k| super::text::cell(r, k).to_string()));
                        row
                    })
                    .collect(),
                notes: std::iter::once(format!(
                    "each cell names the state's bloc after its most powerful member · {}",
                    exactness(c.exact)
                ))
                .chain(c.notes.iter().map(|n| format!("note: {n}")))
                .collect(),
            }
        }
        Answer::Balance(b) => Table {
            header: strings(["bloc", "members", "power"]),
            rows: bloc_rows(&b.blocs),
            notes: neutral_note(&b.neutral)
                .map(|n| match b.neutral_power {
                    Some(p) => format!("{n}  power {} (outside the balance)", num(p)),
                    None => format!("{n} (outside the balance)"),
                })
                .into_iter()
                .chain([match b.ratio {
                    Some(r) => format!("ratio {} : 1 — {}", num(r), b.verdict),
                    None if b.neutral.is_empty() => {
                        format!("one bloc holds every state — {}", b.verdict)
                    }
                    None => format!("fewer than two blocs: the others stay out — {}", b.verdict),
                }])
                .collect(),
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
                                    let words = super::dynamics::switch_words(sw);
                                    if sw.because.is_empty() {
                                        words
                                    } else {
                                        format!("{words}, because {}", sw.because.join("; "))
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join(" · ")
                        };
                        vec![
                            st.time.map_or_else(|| "start".to_string(), num),
                            st.events.join("; "),
                            blocs_in_words(&st.alignment.blocs, &st.alignment.neutral),
                            switches,
                        ]
                    })
                    .collect(),
                notes,
            }
        }
        Answer::Equilibria(e) => equilibria(e),
        Answer::StrategicForm(f) => strategic_form(f),
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
            neutral: vec![],
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
            neutral: vec![],
            neutral_power: None,
        });
        assert_eq!(
            of(&a).expect("tabular").notes,
            ["ratio 3 : 1 — overwhelming"]
        );
    }
}
