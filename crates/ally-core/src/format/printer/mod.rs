//! The canonical layout, printed from the AST. Names and numbers are copied from the
//! source exactly as written (so quoting and digits never change); keywords are printed
//! in lower case with one space between words; comments are placed back where they
//! were, relative to the statement, attribute, member or game item they follow.

mod line;

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
    Member {
        name: &'s Name,
        last: bool,
    },
    /// A move of a game tree: `Action -> …` or `Name p -> …`.
    Move(&'s TreeMove),
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
        crate::syntax::literal::canonical(self.text(n.span))
    }
    /// A number or a range, each end as written: `0.3..0.7`.
    fn amount(&self, a: &Amount) -> String {
        match &a.high {
            Some(h) => format!("{}..{}", self.num(&a.low), self.num(h)),
            None => self.num(&a.low),
        }
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
            What::Game(GameItem::Tree { root, .. }) => self.tree_node("tree".into(), root, indent),
            What::Move(m) => {
                let head = match &m.probability {
                    Some(p) => format!("{} {} ->", self.name(&m.action), self.num(p)),
                    None => format!("{} ->", self.name(&m.action)),
                };
                self.tree_node(head, &m.child, indent)
            }
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

    /// A node of a game tree after `prefix` (`tree`, `Attack ->`): a leaf on the same
    /// line, a player's or chance's node as a block of its moves, one a line.
    fn tree_node(&mut self, prefix: String, node: &TreeNode, indent: usize) {
        let head = match &node.kind {
            NodeKind::Leaf(payoffs) => {
                let pays = join(
                    payoffs.iter().map(|p| match p {
                        Payoff::Number(n) => self.num(n),
                        Payoff::Outcome(n) => self.name(n),
                    }),
                    ", ",
                );
                self.push(Line::code(indent, format!("{prefix} {pays}")));
                return;
            }
            NodeKind::Chance(_) => format!("{prefix} chance"),
            NodeKind::Player { player, set, .. } => match set {
                Some(s) => format!("{prefix} {} in {}", self.name(player), self.name(s)),
                None => format!("{prefix} {}", self.name(player)),
            },
        };
        let moves = match &node.kind {
            NodeKind::Chance(m) | NodeKind::Player { moves: m, .. } => m.as_slice(),
            NodeKind::Leaf(_) => &[],
        };
        let span = self.trim(node.span);
        let open = self.open_brace(span).unwrap_or(span.start);
        let close = span.end.saturating_sub(1);
        let items: Vec<Item> = moves
            .iter()
            .map(|m| Item {
                span: self.trim(m.span),
                what: What::Move(m),
            })
            .collect();
        self.block(head, open, close, &items, indent, String::new());
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
                types,
            } => match self.open_brace(s.span) {
                Some(open) if self.has_comment(open, s.span.end) => {
                    let last_end = members.last().map_or(open, |m| m.span.end);
                    let close = self.close_brace(last_end, s.span);
                    let head = match name {
                        Some(n) => format!("alliance {}", self.name(n)),
                        None => "alliance".to_string(),
                    };
                    let tail = self.alliance_tail(types, reliability);
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
}

/// The text a game item covers (from its first name: a comment cannot come between the
/// item's keyword and its first name, which share a line).
fn game_item_span(g: &GameItem) -> Span {
    match g {
        GameItem::Players(ns) => span_of_names(ns.iter().map(|n| &n.span)),
        GameItem::Strategies { span, .. }
        | GameItem::Row { span, .. }
        | GameItem::Tree { span, .. } => *span,
        GameItem::OutcomeValues(vs) => {
            span_of_names(vs.iter().flat_map(|(n, v)| [&n.span, &v.span]))
        }
        GameItem::OutcomeRanking(tiers) => span_of_names(tiers.iter().flatten().map(|n| &n.span)),
    }
}
