//! The moments a handout draws: one picture for each scenario a question is asked about
//! (a snapshot, as of the line of its first question), and one for each `at` time of a
//! `timeline?`, each with its caption ("as of line 41", "at 1915"), so a page never
//! shows two moments without saying which is which.

use std::sync::Arc;

use super::picture::{Blocs, blocs_at, blocs_for};
use crate::model::check::{Action, Item};
use crate::model::question::{Expectation, Question};
use crate::model::{Model, Scenario, fmt_num};
use crate::span::line_of;

/// The most `at` times of one timeline that get a picture (a timeline imported over two
/// centuries would otherwise draw two hundred).
pub const MAX_TIMELINE_PICTURES: usize = 12;

/// One picture of a handout.
#[derive(Clone, Debug)]
pub struct Moment {
    /// The entry (queries and expectations counted in file order) it goes before; the
    /// number of entries for the end.
    pub before: usize,
    /// `as of line 41`, `as of line 41, at 1915` (under `--at`), `at 1915`.
    pub caption: String,
    /// Whether it is a step of a timeline (drawn even when it looks like the moment
    /// before it: its caption says what happened).
    pub step: bool,
    pub scenario: Arc<Scenario>,
    pub blocs: Blocs,
}

/// Whether the item asks about the states (not only about a game).
fn about_states(a: &Action) -> bool {
    match a {
        Action::Query(q) => !matches!(
            q.kind,
            Question::Equilibria(_) | Question::Dominant(_) | Question::BestResponses(_)
        ),
        Action::Expect(e) => !matches!(
            e,
            Expectation::Equilibria { .. } | Expectation::Profile { .. }
        ),
    }
}

/// The moments of `items` (a file's queries and expectations with their snapshots, in
/// order), under `model` or each scenario's own; `at` is the time `--at` answered at.
/// The questions decide them (a handout lists the expectations apart, at the end); a
/// file that asks nothing about its states is drawn at its first expectation.
pub fn moments(items: &[Item], src: &str, model: Option<&Model>, at: Option<f64>) -> Vec<Moment> {
    let queries = moments_of(items, src, model, at, true);
    if queries.is_empty() {
        moments_of(items, src, model, at, false)
            .into_iter()
            .take(1)
            .collect()
    } else {
        queries
    }
}

fn moments_of(
    items: &[Item],
    src: &str,
    model: Option<&Model>,
    at: Option<f64>,
    queries: bool,
) -> Vec<Moment> {
    let mut out = Vec::new();
    let mut last: Option<&Arc<Scenario>> = None;
    for (k, item) in items.iter().enumerate() {
        if !about_states(&item.action)
            || item.scenario.states.is_empty()
            || queries != matches!(item.action, Action::Query(_))
        {
            continue;
        }
        if last.is_none_or(|l| !Arc::ptr_eq(l, &item.scenario)) {
            let line = line_of(src, item.span.start);
            out.push(Moment {
                before: k,
                caption: match at {
                    Some(t) => format!("as of line {line}, at {}", fmt_num(t)),
                    None => format!("as of line {line}"),
                },
                step: false,
                scenario: item.scenario.clone(),
                blocs: blocs_for(&item.scenario, model),
            });
            last = Some(&item.scenario);
        }
        if matches!(&item.action, Action::Query(q) if q.kind == Question::Timeline) {
            let before = out.len();
            out.extend(steps(&item.scenario, k + 1, model));
            // The next question about this scenario gets its picture again, after the
            // pictures of the timeline's steps.
            if out.len() > before {
                last = None;
            }
        }
    }
    out
}

/// A picture at each `at` time of `s`'s timeline (the first [`MAX_TIMELINE_PICTURES`]),
/// blocs carried along the timeline as `ally graph --at` carries them.
fn steps(s: &Arc<Scenario>, before: usize, model: Option<&Model>) -> Vec<Moment> {
    let mut times: Vec<f64> = s.timeline.iter().map(|b| b.time).collect();
    times.sort_by(f64::total_cmp);
    times.dedup();
    let mut out = Vec::new();
    for &t in times.iter().take(MAX_TIMELINE_PICTURES) {
        let Ok((scenario, blocs)) = blocs_at(s, t, model) else {
            continue;
        };
        let mut scenario = (*scenario).clone();
        let title = scenario
            .title
            .take()
            .unwrap_or_else(|| "Scenario".to_string());
        scenario.title = Some(format!("{title} (at {})", fmt_num(t)));
        out.push(Moment {
            before,
            caption: format!("at {}", fmt_num(t)),
            step: true,
            scenario: Arc::new(scenario),
            blocs,
        });
    }
    if times.len() > MAX_TIMELINE_PICTURES
        && let Some(m) = out.last_mut()
    {
        m.caption.push_str(&format!(
            " (pictures at the first {MAX_TIMELINE_PICTURES} of the timeline's {} times)",
            times.len()
        ));
    }
    out
}
