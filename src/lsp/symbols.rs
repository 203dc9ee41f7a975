//! Every place a declared name is written: its declarations and its uses, by kind, for
//! go to definition, find references, rename and document symbols.

use ally_core::span::Span;
use ally_core::syntax::ast::Stmt;
use ally_core::syntax::visit::{self, Node, Role};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    State,
    Ideology,
    Alliance,
    Game,
    /// Players, strategies and outcomes belong to one game (the occurrence's scope).
    Player,
    Strategy,
    Outcome,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::Ideology => "ideology",
            Kind::Alliance => "alliance",
            Kind::Game => "game",
            Kind::Player => "player",
            Kind::Strategy => "strategy",
            Kind::Outcome => "outcome",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    pub kind: Kind,
    /// The game a player, strategy or outcome belongs to.
    pub scope: Option<String>,
    pub name: String,
    pub span: Span,
    pub declares: bool,
}

impl Occurrence {
    /// Whether two occurrences name the same thing.
    pub fn same(&self, other: &Occurrence) -> bool {
        self.kind == other.kind && self.scope == other.scope && self.name == other.name
    }
}

/// Every occurrence of a declared name, in source order.
pub fn occurrences(stmts: &[Stmt]) -> Vec<Occurrence> {
    let mut out = Vec::new();
    visit::walk(stmts, &mut |node| {
        let Node::Name {
            name,
            role,
            declares,
        } = node
        else {
            return;
        };
        if name.text.is_empty() {
            return;
        }
        if let Some((kind, scope)) = symbol(role) {
            out.push(Occurrence {
                kind,
                scope: scope.map(str::to_string),
                name: name.text.clone(),
                span: name.span,
                declares,
            });
        }
    });
    out.sort_by_key(|o| o.span.start);
    out
}

/// The kind of symbol a role is, and its game for a player, strategy or outcome; `None`
/// for a name that is not a symbol of its own.
fn symbol(role: Role<'_>) -> Option<(Kind, Option<&str>)> {
    Some(match role {
        Role::State => (Kind::State, None),
        Role::Ideology => (Kind::Ideology, None),
        Role::Alliance => (Kind::Alliance, None),
        Role::Game => (Kind::Game, None),
        Role::Player { game } => (Kind::Player, Some(game)),
        Role::Strategy { game } => (Kind::Strategy, Some(game)),
        Role::Outcome { game } => (Kind::Outcome, Some(game)),
        // An unreadable declaration's names span its whole line: not a place to rename.
        Role::Unreadable(_) => return None,
        // Not (yet) symbols of their own, as before the walk: the strategies of a
        // profile an expectation names, a tree's moves and its information sets.
        Role::Profile { .. } | Role::Move { .. } | Role::InfoSet { .. } => return None,
        Role::Title | Role::Doctrine | Role::PactType | Role::Model => return None,
    })
}

/// The occurrence under `offset` (or ending at it).
pub fn at(occs: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    occs.iter()
        .find(|o| o.span.start <= offset && offset < o.span.end)
        .or_else(|| occs.iter().find(|o| o.span.end == offset))
}

/// Where `occ`'s name is declared (the first declaration).
pub fn definition<'a>(occs: &'a [Occurrence], occ: &Occurrence) -> Option<&'a Occurrence> {
    occs.iter().find(|o| o.declares && o.same(occ))
}

pub fn references<'a>(
    occs: &'a [Occurrence],
    occ: &'a Occurrence,
) -> impl Iterator<Item = &'a Occurrence> {
    occs.iter().filter(move |o| o.same(occ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_and_uses() {
        let src = "ideology red\nstate A { ideology red }\nstate B\nthreat A -> B\n\
                   alliance X { A, B }\nat 2 { end alliance X }\nwhy A?\n\
                   game G { players P, Q\n strategies S, T\n S, S -> 1, 1 }\nequilibria of G?\n";
        let (stmts, d) = ally_core::syntax::parse(src);
        assert!(d.is_empty(), "{d:?}");
        let occs = occurrences(&stmts);
        let a = at(&occs, src.find("why A").unwrap() + 4).expect("A in the query");
        assert_eq!(
            (a.kind, a.name.as_str(), a.declares),
            (Kind::State, "A", false)
        );
        let def = definition(&occs, a).expect("declared");
        assert_eq!(def.span.start, src.find("state A").unwrap() + 6);
        assert_eq!(references(&occs, a).count(), 4);
        let x = at(&occs, src.find("alliance X }").unwrap() + 9).expect("X");
        assert_eq!(x.kind, Kind::Alliance);
        assert_eq!(references(&occs, x).count(), 2);
        let g = at(&occs, src.rfind('G').unwrap()).expect("G");
        assert!(definition(&occs, g).is_some_and(|d| d.kind == Kind::Game));
        let s = at(&occs, src.find("S, S").unwrap()).expect("S");
        assert_eq!((s.kind, s.scope.as_deref()), (Kind::Strategy, Some("G")));
        assert_eq!(references(&occs, s).count(), 3);
        // A state named after `by` in an alliance's type is a use of it.
        let src = "state A\nstate B\nalliance { A, B } type defense by A\n";
        let (stmts, d) = ally_core::syntax::parse(src);
        assert!(d.is_empty(), "{d:?}");
        let occs = occurrences(&stmts);
        let a = at(&occs, src.rfind('A').unwrap()).expect("A after by");
        assert_eq!((a.kind, a.declares), (Kind::State, false));
        assert_eq!(references(&occs, a).count(), 3);
    }
}
