//! An alliance's `type`: each clause's pact type read, and its `by` members found
//! among the alliance's members.

use super::Checker;
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::model::StateId;
use crate::model::pacts::{Obligation, PactType};
use crate::syntax::ast::{Name, PactClause};

impl Checker {
    /// The obligations of `clauses`, with `ids[k]` the identity of `members[k]`;
    /// `None` after a mistake (reported). Strongest type first, whatever the order
    /// written, so two files saying the same thing build the same alliance.
    pub(super) fn pact_types(
        &mut self,
        clauses: &[PactClause],
        members: &[Name],
        ids: &[Option<StateId>],
    ) -> Option<Vec<Obligation>> {
        let mut out: Vec<Obligation> = Vec::new();
        let mut ok = true;
        for c in clauses {
            let Some(kind) = PactType::parse(&c.kind.text) else {
                let help = did_you_mean(&c.kind.text, PactType::ALL.iter().map(|t| t.name()))
                    .unwrap_or_else(|| {
                        "the types are defense, offense, neutrality, non-aggression and consultation (ATOP's obligations)".into()
                    });
                self.error(
                    Diag::error(
                        codes::BAD_PACT_TYPE,
                        c.kind.span,
                        format!("`{}` is not a type of pact", c.kind.text),
                    )
                    .label("unknown type")
                    .help(help),
                );
                ok = false;
                continue;
            };
            if out.iter().any(|o| o.kind == kind) {
                self.error(
                    Diag::error(
                        codes::DUPLICATE,
                        c.kind.span,
                        format!("`{}` is listed twice in this alliance's type", kind.name()),
                    )
                    .label("listed again here")
                    .help(format!(
                        "name every member that holds it once: `{} by A, B`",
                        kind.name()
                    )),
                );
                ok = false;
                continue;
            }
            let mut by = Vec::new();
            for n in &c.by {
                match members.iter().position(|m| m.text == n.text) {
                    Some(k) => match ids.get(k).copied().flatten() {
                        Some(id) if !by.contains(&id) => by.push(id),
                        Some(_) => {
                            self.error(
                                Diag::error(
                                    codes::DUPLICATE,
                                    n.span,
                                    format!("`{}` is listed twice after `by`", n.text),
                                )
                                .label("listed again here"),
                            );
                            ok = false;
                        }
                        None => ok = false,
                    },
                    None => {
                        self.error(
                            Diag::error(
                                codes::BAD_PACT_TYPE,
                                n.span,
                                format!("`{}` is not a member of this alliance", n.text),
                            )
                            .label("not a member")
                            .help("only a member can hold an obligation: add it inside the braces, or name another member after `by`"),
                        );
                        ok = false;
                    }
                }
            }
            // Held by every member is the same as held by all.
            let all = by.len() == members.len();
            out.push(Obligation {
                kind,
                by: (!c.by.is_empty() && !all).then_some(by),
            });
        }
        out.sort_by_key(|o| o.kind);
        ok.then_some(out)
    }
}
