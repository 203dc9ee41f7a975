//! A cursor over the meaningful children of one pest pair (keywords and punctuation
//! skipped). The grammar guarantees which children a rule has; when one is missing
//! anyway, the AST would otherwise get an invented empty name or `0.0` and the checker
//! would report nonsense about it. The cursor reports it as what it is — a bug in
//! `ally` — with the span of the statement being built.

use pest::iterators::{Pair, Pairs};

use super::{Rule, build, is_punct};
use crate::diagnostics::{Diag, codes};
use crate::span::Span;
use crate::syntax::ast::{Amount, Name, Num};

pub(super) struct Cursor<'i> {
    rule: Rule,
    span: Span,
    offset: usize,
    pairs: std::iter::Peekable<Pairs<'i, Rule>>,
}

fn meaningful(pair: &Pair<'_, Rule>) -> bool {
    !is_punct(pair.as_rule())
}

impl<'i> Cursor<'i> {
    pub(super) fn new(pair: Pair<'i, Rule>, offset: usize) -> Self {
        Cursor {
            rule: pair.as_rule(),
            span: build::span_of(&pair, offset),
            offset,
            pairs: pair.into_inner().peekable(),
        }
    }

    /// The span of the pair the cursor walks.
    pub(super) fn span(&self) -> Span {
        self.span
    }

    /// An `ally::internal` diagnostic about the pair the cursor walks.
    pub(super) fn internal(&self, what: &str) -> Diag {
        internal(self.span, format!("{what} in {:?}", self.rule))
    }

    /// Skips keywords and punctuation; whether a meaningful child is left.
    fn more(&mut self) -> bool {
        while self.pairs.next_if(|p| !meaningful(p)).is_some() {}
        self.pairs.peek().is_some()
    }

    /// The next child, which the grammar says is there.
    pub(super) fn next(&mut self, what: &str) -> Result<Pair<'i, Rule>, Diag> {
        self.optional()
            .ok_or_else(|| self.internal(&format!("missing {what}")))
    }

    /// The next child if there is one (for the grammar's optional parts).
    pub(super) fn optional(&mut self) -> Option<Pair<'i, Rule>> {
        if self.more() { self.pairs.next() } else { None }
    }

    /// The next child, a name.
    pub(super) fn name(&mut self) -> Result<Name, Diag> {
        let pair = self.next("a name")?;
        if pair.as_rule() != Rule::name {
            return Err(internal(
                build::span_of(&pair, self.offset),
                format!(
                    "a name expected in {:?}, found {:?}",
                    self.rule,
                    pair.as_rule()
                ),
            ));
        }
        Ok(build::name(pair, self.offset))
    }

    /// The next child, a number (a rejected one adds its diagnostic to `diags`).
    pub(super) fn num(&mut self, diags: &mut Vec<Diag>) -> Result<Num, Diag> {
        let pair = self.next("a number")?;
        build::num(pair, self.offset, diags)
    }

    /// The next child as a number if there is one.
    pub(super) fn optional_num(&mut self, diags: &mut Vec<Diag>) -> Result<Option<Num>, Diag> {
        self.optional()
            .map(|p| build::num(p, self.offset, diags))
            .transpose()
    }

    /// The next child, an amount: a number or a range (a rejected number adds its
    /// diagnostic to `diags`).
    pub(super) fn amount(&mut self, diags: &mut Vec<Diag>) -> Result<Amount, Diag> {
        let pair = self.next("an amount")?;
        build::amount(pair, self.offset, diags)
    }

    /// The next child as an amount if there is one.
    pub(super) fn optional_amount(
        &mut self,
        diags: &mut Vec<Diag>,
    ) -> Result<Option<Amount>, Diag> {
        self.optional()
            .map(|p| build::amount(p, self.offset, diags))
            .transpose()
    }

    /// Every remaining child, each a name.
    pub(super) fn names(&mut self) -> Result<Vec<Name>, Diag> {
        let mut names = Vec::new();
        while self.more() {
            names.push(self.name()?);
        }
        Ok(names)
    }

    /// Every remaining child.
    pub(super) fn rest(self) -> impl Iterator<Item = Pair<'i, Rule>> {
        self.pairs.filter(meaningful)
    }
}

/// A bug in the parser, reported at `span`.
pub(super) fn internal(span: Span, what: impl std::fmt::Display) -> Diag {
    Diag::error(codes::INTERNAL, span, format!("internal error: {what}"))
        .label("the parser could not build this")
}
