//! The canonical layout, printed from the AST. Names and numbers are copied from the
//! source exactly as written (so quoting and digits never change); keywords are printed
//! in lower case with one space between words; comments are placed back where they
//! were, relative to the statement, attribute, member or game item they follow.

use super::layout::{Body, Line};
use super::lexer::{self, Token, TokenKind};
use crate::span::Span;
use crate::syntax::ast::*;

pub fn print(src: &str, stmts: &[Stmt]) -> Vec<Line> {
    let tokens = lexer::lex(src);
    let comments: Vec<Span> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Comment)
        .map(|t| t.span)
        .collect();
    let mut p = Printer {
        src,
        used: vec![false; comments.len()],
        comments,
        tokens,
        lines: Vec::new(),
    };
    let items: Vec<Item> = stmts.iter().map(|s| p.item_of(s)).collect();
    p.sequence(&items, 0, src.len(), 0);
    p.lines
}

/// One element of a sequence: a statement, a game item or an alliance member.
#[derive(Clone, Copy)]
struct Item<'s> {
    span: Span,
    what: What<'s>,
}

#[derive(Clone, Copy)]
enum What<'s> {
    Stmt(&'s Stmt),
    Game(&'s GameItem),
    Member { name: &'s Name, last: bool },
}

struct Printer<'a> {
    src: &'a str,
    comments: Vec<Span>,
    used: Vec<bool>,
    tokens: Vec<Token>,
    lines: Vec<Line>,
}

/// The order in which a state's attributes are printed (the README's order).
pub(super) fn rank(a: &StateAttr) -> u8 {
    match a {
        StateAttr::Power(_) => 0,
        StateAttr::Ideology(_) => 1,
        StateAttr::Offense(_) => 2,
        StateAttr::At(..) => 3,
        StateAttr::Doctrine(_) => 4,
    }
}

fn join(parts: impl IntoIterator<Item = String>, sep: &str) -> String {
    parts.into_iter().collect::<Vec<_>>().join(sep)
}

fn span_of_names<'n>(names: impl IntoIterator<Item = &'n Span>) -> Span {
    names
        .into_iter()
        .copied()
        .reduce(Span::join)
        .unwrap_or_default()
}

impl<'a> Printer<'a> {
    /// A statement as an item, its span cut after its last token: pest's span of a
    /// rule ending in an optional part (`threat A -> B [x]`) takes in the spaces and
    /// comments that follow it.
    fn item_of<'s>(&self, s: &'s Stmt) -> Item<'s> {
        Item {
            span: self.trim(s.span),
            what: What::Stmt(s),
        }
    }

    fn trim(&self, span: Span) -> Span {
        let end = self
            .tokens_in(span)
            .iter()
            .filter(|t| {
                !matches!(
                    t.kind,
                    TokenKind::Space | TokenKind::Comment | TokenKind::Newline
                )
            })
            .map(|t| t.span.end)
            .next_back()
            .unwrap_or(span.end);
        Span::new(span.start, end.max(span.start))
    }

    /// The tokens inside `span` (tokens are sorted and do not overlap).
    fn tokens_in(&self, span: Span) -> &[Token] {
        let from = self.tokens.partition_point(|t| t.span.start < span.start);
        let to = self.tokens.partition_point(|t| t.span.end <= span.end);
        &self.tokens[from..to.max(from)]
    }

    fn text(&self, s: Span) -> &'a str {
        &self.src[s.start.min(self.src.len())..s.end.min(self.src.len())]
    }
    fn name(&self, n: &Name) -> String {
        self.text(n.span).to_string()
    }
    fn num(&self, n: &Num) -> String {
        self.text(n.span).to_string()
    }
    fn names(&self, ns: &[Name]) -> String {
        join(ns.iter().map(|n| self.name(n)), ", ")
    }
    fn push(&mut self, line: Line) {
        self.lines.push(line);
    }

    /// The unused comments starting in `from..to`.
    fn comments_in(&self, from: usize, to: usize) -> Vec<usize> {
        let first = self.comments.partition_point(|c| c.start < from);
        let last = self.comments.partition_point(|c| c.start < to);
        (first..last.max(first))
            .filter(|&i| !self.used[i])
            .collect()
    }

    /// The unused comment on the same line after `after`, starting before `before`.
    fn trailing(&mut self, after: usize, before: usize) -> Option<String> {
        let i = self.comments_in(after, before).into_iter().next()?;
        let c = self.comments[i];
        if self.src[after..c.start].contains('\n') {
            return None;
        }
        self.used[i] = true;
        Some(self.text(c).trim_end().to_string())
    }

    fn comment_line(&mut self, i: usize, indent: usize) {
        self.used[i] = true;
        let text = self.text(self.comments[i]).trim_end().to_string();
        self.push(Line {
            indent,
            body: Body::Comment(text),
            comment: None,
        });
    }

    /// A blank line where the source has one or more between `from` and `to`, unless
    /// this is the first line of its block.
    fn blank(&mut self, from: usize, to: usize, first: bool) {
        if !first && self.src[from..to].matches('\n').count() >= 2 {
            self.push(Line {
                indent: 0,
                body: Body::Blank,
                comment: None,
            });
        }
    }

    /// The items of a block (or of the file) between `from` and `to`, with the comments
    /// there.
    fn sequence(&mut self, items: &[Item], from: usize, to: usize, indent: usize) {
        let mut prev = from;
        let mut first = true;
        for (k, item) in items.iter().enumerate() {
            for c in self.comments_in(prev, item.span.start) {
                self.blank(prev, self.comments[c].start, first);
                self.comment_line(c, indent);
                prev = self.comments[c].end;
                first = false;
            }
            self.blank(prev, item.span.start, first);
            first = false;
            self.item(item, indent);
            let next = items.get(k + 1).map_or(to, |n| n.span.start);
            prev = item.span.end;
            if let Some(c) = self.trailing(item.span.end, next.min(to))
                && let Some(last) = self.lines.last_mut()
            {
                last.comment = Some(c);
            }
        }
        for c in self.comments_in(prev, to) {
            self.blank(prev, self.comments[c].start, first);
            self.comment_line(c, indent);
            prev = self.comments[c].end;
            first = false;
        }
    }

    fn item(&mut self, item: &Item, indent: usize) {
        match item.what {
            What::Stmt(s) => self.stmt(s, indent),
            What::Game(g) => {
                let body = self.game_item(g);
                self.push(Line {
                    indent,
                    body,
                    comment: None,
                })
            }
            What::Member { name, last } => {
                let comma = if last { "" } else { "," };
                self.push(Line::code(indent, format!("{}{comma}", self.name(name))))
            }
        }
    }

    /// The first `{` token in `span`.
    fn open_brace(&self, span: Span) -> Option<usize> {
        self.tokens_in(span)
            .iter()
            .find(|t| t.kind == TokenKind::Punct && self.text(t.span) == "{")
            .map(|t| t.span.start)
    }

    /// The first `}` token after `from` in `span`.
    fn close_brace(&self, from: usize, span: Span) -> usize {
        self.tokens_in(Span::new(from, span.end))
            .iter()
            .find(|t| t.kind == TokenKind::Punct && self.text(t.span) == "}")
            .map_or(span.end, |t| t.span.start)
    }

    fn has_comment(&self, from: usize, to: usize) -> bool {
        !self.comments_in(from, to).is_empty()
    }

    fn stmt(&mut self, s: &Stmt, indent: usize) {
        let s = &Stmt {
            kind: s.kind.clone(),
            span: self.trim(s.span),
        };
        match &s.kind {
            StmtKind::At { time, events } => {
                let open = self.open_brace(s.span).unwrap_or(time.span.end);
                let close = s.span.end.saturating_sub(1);
                let head = format!("at {}", self.num(time));
                let items: Vec<Item> = events.iter().map(|e| self.item_of(e)).collect();
                self.block(head, open, close, &items, indent, String::new());
            }
            StmtKind::Game(g) => {
                let open = self.open_brace(s.span).unwrap_or(g.name.span.end);
                let close = s.span.end.saturating_sub(1);
                let head = format!("game {}", self.name(&g.name));
                let items: Vec<Item> = g
                    .items
                    .iter()
                    .map(|gi| Item {
                        span: game_item_span(gi),
                        what: What::Game(gi),
                    })
                    .collect();
                self.block(head, open, close, &items, indent, String::new());
            }
            StmtKind::State(d) => match self.open_brace(s.span) {
                Some(open) if self.has_comment(open, s.span.end) => {
                    self.state_block(d, open, s.span.end.saturating_sub(1), indent)
                }
                _ => {
                    let body = self.state_line(d);
                    self.push(Line {
                        indent,
                        body,
                        comment: None,
                    })
                }
            },
            StmtKind::Alliance {
                name,
                members,
                reliability,
            } => match self.open_brace(s.span) {
                Some(open) if self.has_comment(open, s.span.end) => {
                    let last_end = members.last().map_or(open, |m| m.span.end);
                    let close = self.close_brace(last_end, s.span);
                    let head = match name {
                        Some(n) => format!("alliance {}", self.name(n)),
                        None => "alliance".to_string(),
                    };
                    let tail = reliability
                        .as_ref()
                        .map(|r| format!(" reliability {}", self.num(r)))
                        .unwrap_or_default();
                    let items: Vec<Item> = members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| Item {
                            span: m.span,
                            what: What::Member {
                                name: m,
                                last: i + 1 == members.len(),
                            },
                        })
                        .collect();
                    self.block(head, open, close, &items, indent, tail);
                }
                _ => {
                    let text = self.line(s);
                    self.push(Line::code(indent, text));
                }
            },
            _ if self.has_comment(s.span.start, s.span.end) => {
                // A comment inside a statement that is printed on one line (a `what
                // if` with a multi-line alliance): keep the statement as written.
                for i in self.comments_in(s.span.start, s.span.end) {
                    self.used[i] = true;
                }
                let text = self.text(s.span).to_string();
                self.push(Line::code(indent, text));
            }
            _ => {
                let text = self.line(s);
                self.push(Line::code(indent, text));
            }
        }
    }

    /// `head {`, the items one a line, `}tail`; an empty block without comments is `head {}`.
    fn block(
        &mut self,
        head: String,
        open: usize,
        close: usize,
        items: &[Item],
        indent: usize,
        tail: String,
    ) {
        if items.is_empty() && !self.has_comment(open, close) {
            self.push(Line::code(indent, format!("{head} {{}}{tail}")));
            return;
        }
        let first = items.first().map_or(close, |i| i.span.start);
        let comment = self.trailing(open + 1, first.min(close));
        self.push(Line {
            indent,
            body: Body::Code(format!("{head} {{")),
            comment,
        });
        self.sequence(items, open + 1, close, indent + 1);
        self.push(Line::code(indent, format!("}}{tail}")));
    }

    /// A `state` block with comments inside: one attribute a line, with the comments
    /// above and after each. The attributes keep their written order here: sorting them
    /// would reorder the comments, and comments stay in order.
    fn state_block(&mut self, d: &StateDecl, open: usize, close: usize, indent: usize) {
        let first = d.attrs.first().map_or(close, |a| a.1.start);
        let comment = self.trailing(open + 1, first.min(close));
        self.push(Line {
            indent,
            body: Body::Code(format!("state {} {{", self.name(&d.name))),
            comment,
        });
        let mut groups: Vec<(u8, Vec<Line>)> = Vec::new();
        let mut prev = open + 1;
        for (k, (attr, span)) in d.attrs.iter().enumerate() {
            let mut lines = Vec::new();
            for c in self.comments_in(prev, span.start) {
                self.used[c] = true;
                lines.push(Line {
                    indent: indent + 1,
                    body: Body::Comment(self.text(self.comments[c]).trim_end().to_string()),
                    comment: None,
                });
            }
            let next = d.attrs.get(k + 1).map_or(close, |a| a.1.start);
            let trailing = self.trailing(span.end, next.min(close));
            lines.push(Line {
                indent: indent + 1,
                body: Body::Code(self.attr(attr)),
                comment: trailing,
            });
            prev = span.end;
            groups.push((rank(attr), lines));
        }
        for (_, lines) in groups {
            self.lines.extend(lines);
        }
        for c in self.comments_in(prev, close) {
            self.comment_line(c, indent + 1);
        }
        self.push(Line::code(indent, "}"));
    }

    fn sorted_attrs(&self, d: &StateDecl) -> Vec<String> {
        let mut attrs: Vec<&(StateAttr, Span)> = d.attrs.iter().collect();
        attrs.sort_by_key(|a| rank(&a.0));
        attrs.iter().map(|a| self.attr(&a.0)).collect()
    }

    fn state_line(&self, d: &StateDecl) -> Body {
        Body::State {
            head: format!("state {}", self.name(&d.name)),
            attrs: self.sorted_attrs(d),
        }
    }

    fn attr(&self, a: &StateAttr) -> String {
        match a {
            StateAttr::Power(n) => format!("power {}", self.num(n)),
            StateAttr::Ideology(n) => format!("ideology {}", self.name(n)),
            StateAttr::Offense(n) => format!("offense {}", self.num(n)),
            StateAttr::At(a, b) => format!("at {}, {}", self.num(a), self.num(b)),
            StateAttr::Doctrine(n) => format!("doctrine {}", self.name(n)),
        }
    }

    fn game_item(&self, g: &GameItem) -> Body {
        let text = match g {
            GameItem::Players(ns) => format!("players {}", self.names(ns)),
            GameItem::Strategies {
                player, strategies, ..
            } => match player {
                Some(p) => format!("strategies {}: {}", self.name(p), self.names(strategies)),
                None => format!("strategies {}", self.names(strategies)),
            },
            GameItem::OutcomeValues(vs) => format!(
                "outcomes {}",
                join(
                    vs.iter()
                        .map(|(n, v)| format!("{} = {}", self.name(n), self.num(v))),
                    ", "
                )
            ),
            GameItem::OutcomeRanking(tiers) => format!(
                "outcomes {}",
                join(
                    tiers
                        .iter()
                        .map(|t| join(t.iter().map(|n| self.name(n)), " = ")),
                    " > "
                )
            ),
            GameItem::Row {
                profile, payoffs, ..
            } => {
                return Body::Row {
                    profile: profile.iter().map(|n| self.name(n)).collect(),
                    payoffs: payoffs
                        .iter()
                        .map(|p| match p {
                            Payoff::Number(n) => self.num(n),
                            Payoff::Outcome(n) => self.name(n),
                        })
                        .collect(),
                };
            }
        };
        Body::Code(text)
    }

    /// A statement on one line.
    fn line(&self, s: &Stmt) -> String {
        let n = |x: &Name| self.name(x);
        let v = |x: &Num| self.num(x);
        match &s.kind {
            StmtKind::Scenario(t) => format!("scenario {}", n(t)),
            StmtKind::Ideology(ns) => format!("ideology {}", self.names(ns)),
            StmtKind::Affinity { a, b, value } => {
                format!("affinity {} ~ {} = {}", n(a), n(b), v(value))
            }
            StmtKind::State(d) => {
                let attrs = self.sorted_attrs(d);
                if attrs.is_empty() {
                    format!("state {}", n(&d.name))
                } else {
                    format!("state {} {{ {} }}", n(&d.name), attrs.join("  "))
                }
            }
            StmtKind::Border { a, b } => format!("border {} ~ {}", n(a), n(b)),
            StmtKind::Distance { a, b, value } => {
                format!("distance {} ~ {} = {}", n(a), n(b), v(value))
            }
            StmtKind::Threat { from, to, level } => match level {
                Some(l) => format!("threat {} -> {} {}", n(from), n(to), v(l)),
                None => format!("threat {} -> {}", n(from), n(to)),
            },
            StmtKind::Offer { from, to, amount } => {
                format!("offer {} -> {} {}", n(from), n(to), v(amount))
            }
            StmtKind::Alliance {
                name,
                members,
                reliability,
            } => {
                let mut t = String::from("alliance");
                if let Some(name) = name {
                    t.push(' ');
                    t.push_str(&n(name));
                }
                t.push_str(&format!(" {{ {} }}", self.names(members)));
                if let Some(r) = reliability {
                    t.push_str(&format!(" reliability {}", v(r)));
                }
                t
            }
            StmtKind::EndAlliance(a) => format!("end alliance {}", n(a)),
            StmtKind::Model(terms) => format!(
                "model {}",
                join(
                    terms.iter().map(|t| match &t.weight {
                        Some(Weight::Number(w)) => format!("{} {}", n(&t.model), v(w)),
                        Some(Weight::Name(w)) => format!("{} {}", n(&t.model), n(w)),
                        None => n(&t.model),
                    }),
                    ", "
                )
            ),
            StmtKind::Blocs(b) => format!("blocs {}", v(b)),
            StmtKind::Propensity { a, b, value } => {
                format!("propensity {} ~ {} = {}", n(a), n(b), v(value))
            }
            StmtKind::Expect(e) => match e {
                Expectation::With(a, b) => format!("expect {} with {}", n(a), n(b)),
                Expectation::Against(a, b) => format!("expect {} against {}", n(a), n(b)),
                Expectation::Indifferent(a) => format!("expect {} indifferent", n(a)),
                Expectation::BiggestThreat { target, threat } => {
                    format!("expect biggest threat to {} is {}", n(target), n(threat))
                }
            },
            StmtKind::Battle {
                winner,
                loser,
                loss,
            } => match loss {
                Some(l) => format!("battle {} defeats {} loss {}", n(winner), n(loser), v(l)),
                None => format!("battle {} defeats {}", n(winner), n(loser)),
            },
            StmtKind::Turmoil { state, ideology } => {
                format!("turmoil {} -> {}", n(state), n(ideology))
            }
            StmtKind::Leave(x) => format!("leave {}", n(x)),
            StmtKind::Query(q) => format!("{}?", self.query(&q.kind)),
            // Blocks are printed by `stmt`; these only appear here inside a `what if`,
            // where the grammar does not allow them.
            StmtKind::At { .. } | StmtKind::Game(_) => self.text(s.span).to_string(),
        }
    }

    fn query(&self, q: &QueryKind) -> String {
        let n = |x: &Name| self.name(x);
        match q {
            QueryKind::WhoAllies => "who allies with whom".into(),
            QueryKind::AlliesOf(x) => format!("allies of {}", n(x)),
            QueryKind::EnemiesOf(x) => format!("enemies of {}", n(x)),
            QueryKind::Why(x) => format!("why {}", n(x)),
            QueryKind::BiggestThreat(x) => format!("biggest threat to {}", n(x)),
            QueryKind::ThreatsTo(x) => format!("threats to {}", n(x)),
            QueryKind::Stable => "stable alignments".into(),
            QueryKind::Compare => "compare models".into(),
            QueryKind::Balance => "balance of power".into(),
            QueryKind::WhatIf(event) => {
                let written_as_statement = self
                    .tokens_in(event.span)
                    .first()
                    .is_some_and(|t| self.text(t.span).eq_ignore_ascii_case("threat"));
                match &event.kind {
                    StmtKind::Threat { from, to, level } if !written_as_statement => match level {
                        Some(l) => {
                            format!("what if {} threatens {} {}", n(from), n(to), self.num(l))
                        }
                        None => format!("what if {} threatens {}", n(from), n(to)),
                    },
                    _ => format!("what if {}", self.line(event)),
                }
            }
            QueryKind::Price { target, buyer } => {
                format!("price of {} for {}", n(target), n(buyer))
            }
            QueryKind::WouldAttack { attacker, target } => {
                format!("would {} attack {}", n(attacker), n(target))
            }
            QueryKind::Timeline => "timeline".into(),
            QueryKind::Equilibria(g) => format!("equilibria of {}", n(g)),
            QueryKind::Dominant(g) => format!("dominant strategies of {}", n(g)),
            QueryKind::BestResponses(g) => format!("best responses of {}", n(g)),
        }
    }
}

/// The text a game item covers (from its first name: a comment cannot come between the
/// item's keyword and its first name, which share a line).
fn game_item_span(g: &GameItem) -> Span {
    match g {
        GameItem::Players(ns) => span_of_names(ns.iter().map(|n| &n.span)),
        GameItem::Strategies { span, .. } | GameItem::Row { span, .. } => *span,
        GameItem::OutcomeValues(vs) => {
            span_of_names(vs.iter().flat_map(|(n, v)| [&n.span, &v.span]))
        }
        GameItem::OutcomeRanking(tiers) => span_of_names(tiers.iter().flatten().map(|n| &n.span)),
    }
}
