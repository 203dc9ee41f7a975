//! Hover: a state's power, ideology and the threats it makes and faces (Walt's four
//! sources, computed as `threats to` computes them); a query or expectation: its
//! answer, as `ally run` prints it.

use std::fmt::Write;

use super::document::Document;
use super::symbols::{self, Kind};
use ally_core::model::Scenario;
use ally_core::query::file::Entry;
use ally_core::query::{self, Answer, Threats};
use ally_core::render::text::{self, num};

/// The hover text (Markdown) at `offset`.
pub fn hover(doc: &mut Document, offset: usize) -> Option<String> {
    if let Some(o) = symbols::at(&doc.occurrences, offset)
        && o.kind == Kind::State
    {
        let name = o.name.clone();
        return state(doc.checker().scenario(), &name);
    }
    let k = doc
        .checker()
        .items
        .iter()
        .position(|i| i.span.start <= offset && offset <= i.span.end)?;
    if doc.diags().iter().any(|d| d.is_error()) {
        return Some("The file has errors: its answers are shown once `ally check` passes.".into());
    }
    let result = doc.answers();
    let mut out = String::new();
    match result.entries.get(k)? {
        Entry::Query(q) => {
            let _ = writeln!(out, "{}", q.query);
            match (&q.answer, &q.error) {
                (Some(a), _) => text::answer(&mut out, a),
                (None, Some(e)) => {
                    let _ = writeln!(out, "  error: {e}");
                }
                (None, None) => {}
            }
        }
        Entry::Expect(x) => {
            let status = if x.outcome.passed { "ok" } else { "FAILED" };
            let _ = writeln!(out, "expect {} … {status}", x.outcome.expect);
            let _ = writeln!(out, "  actual: {}", x.outcome.actual);
        }
    }
    Some(format!("```text\n{}```", out))
}

/// A state as the whole file declares it.
fn state(s: &Scenario, name: &str) -> Option<String> {
    let i = s.state(name)?;
    let st = &s.states[i];
    let mut out = String::new();
    let _ = write!(out, "**state {}** — power {}", st.name, num(st.power));
    if let Some(id) = st.ideology.and_then(|k| s.ideologies.get(k)) {
        let _ = write!(out, ", ideology {id}");
    }
    let _ = writeln!(out, ", offense {}", num(st.offense));
    out.push_str("\nThreat = power × proximity × offense × intent (Walt's four sources).\n");
    let faces = query::threats_to(s, &s.model, i);
    let mut body = String::new();
    text::answer(
        &mut body,
        &Answer::Threats(Threats {
            state: st.name.clone(),
            threats: faces,
        }),
    );
    let _ = write!(out, "\nThreats to {}:\n```text\n{body}```\n", st.name);
    let mut makes: Vec<_> = (0..s.states.len())
        .filter(|&b| b != i)
        .map(|b| ally_core::theory::threat(s, i, b))
        .collect();
    makes.sort_by(|x, y| y.threat.total_cmp(&x.threat).then(x.to.cmp(&y.to)));
    let _ = writeln!(out, "\nThreats {} makes:\n```text", st.name);
    if makes.is_empty() {
        let _ = writeln!(out, "  none: no other state");
    }
    for t in makes {
        let _ = writeln!(
            out,
            "  to {:<13} threat {:<8} = power {} × proximity {} × offense {} × intent {}{}",
            s.states[t.to].name,
            num(t.threat),
            num(t.power),
            num(t.proximity),
            num(t.offense),
            num(t.intent),
            ally_core::render::words::intent_mark(t.latent, t.partners)
        );
    }
    out.push_str("```");
    Some(out)
}
