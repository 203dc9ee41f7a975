//! The entries of the catalogue, one per code: kept apart from the types and the
//! renderings of [`super`] because they are data, and long.

use super::{Entry, Example, Help, Level};
use crate::diagnostics::codes;
use Example::{Check, Command, Run};
use Help::{Always, Varies};
use Level::{Error, Note};

/// Every code, in the order the book lists them: the language, games, answers,
/// notes, stops and bugs, then `ally import`.
pub static CATALOGUE: &[Entry] = &[
    Entry {
        code: codes::SYNTAX,
        level: Error,
        title: "the text does not follow the grammar",
        help: Varies(
            "the help proposes an edit of the line that the grammar accepts, when one exists",
        ),
        explanation: "
The parser could not read a statement. `ally` resumes at the next statement, so every
syntax error of a file is reported. The help is found by trying edits of the broken line
(a near-miss keyword, the punctuation the grammar expected, quotes around a name of
several words) and shown only when the edited line parses.",
        example: Check(
            "state France { power 0.1 }\nstate Germany { power 0.2 }\nthreat Germany France 0.8\n",
        ),
    },
    Entry {
        code: codes::BAD_NUMBER,
        level: Error,
        title: "a number that cannot be read",
        help: Varies("write a shorter number, or a fraction with a denominator other than 0"),
        explanation: "
A number too large to hold (such as `1e999`), a fraction divided by zero, or an exact
payoff or probability with more digits than a rational can keep.",
        example: Check("state France { power 1e999 }\n"),
    },
    Entry {
        code: codes::UNDECLARED_STATE,
        level: Error,
        title: "a state used but never declared",
        help: Varies(
            "declare the state with `state NAME { power … }`, or correct the name (a close one is proposed)",
        ),
        explanation: "
A relation, event, query or expectation names a state no `state` line declares (or that
has not entered yet at that time). Names are case-sensitive.",
        example: Check(
            "state France { power 0.1 }\nstate Germany { power 0.2 }\nthreat Germny -> France 0.8\n",
        ),
    },
    Entry {
        code: codes::UNDECLARED_IDEOLOGY,
        level: Error,
        title: "an ideology used but never declared",
        help: Varies("declare it with `ideology NAME`, or correct the name"),
        explanation: "
A state's `ideology` or an `affinity` line names an ideology no `ideology` line declares.",
        example: Check("ideology democracy\nstate France { power 0.1 ideology democrcy }\n"),
    },
    Entry {
        code: codes::UNDECLARED_ALLIANCE,
        level: Error,
        title: "an alliance used but never declared",
        help: Varies(
            "declare the alliance with `alliance NAME { A, B }` before it is ended, or correct the name",
        ),
        explanation: "
An event such as `end alliance NAME` names an alliance that is not in force at that time.",
        example: Check(
            "state France { power 0.1 }\nstate Russia { power 0.2 }\nat 1917 { end alliance Entente }\n",
        ),
    },
    Entry {
        code: codes::UNDECLARED_GAME,
        level: Error,
        title: "a game used but never declared",
        help: Varies("declare the game with `game NAME { … }`, or correct the name"),
        explanation: "
A question or expectation about a game names no `game` block of the file.",
        example: Check(
            "game \"Stag Hunt\" {\n  players Alice, Jack\n  strategies Stag, Rabbit\n  Stag, Stag -> 4, 4\n  Stag, Rabbit -> 0, 3\n  Rabbit, Stag -> 3, 0\n  Rabbit, Rabbit -> 3, 3\n}\nequilibria of \"Stag Hnt\"?\n",
        ),
    },
    Entry {
        code: codes::UNDECLARED_THREAT,
        level: Error,
        title: "`end threat` with no threat to withdraw",
        help: Always(
            "`end threat A -> B` withdraws a declared `threat A -> B`; without one A's intent is already the latent level",
        ),
        explanation: "
`end threat A -> B` withdraws a threat declared earlier; with none in force there is
nothing to end (A's intent towards B is already the latent level).",
        example: Check(
            "state Germany { power 0.2 }\nstate France { power 0.1 }\nend threat Germany -> France\n",
        ),
    },
    Entry {
        code: codes::DUPLICATE,
        level: Error,
        title: "a name or relation declared twice",
        help: Varies(
            "keep one declaration; to change a value over time write an event in an `at` block",
        ),
        explanation: "
Two declarations of the same ideology, alliance, game, border, distance or player, or a
state entering twice. (A threat, offer or state declared again at top level is an event
instead: see `ally::redeclared`.)",
        example: Check("ideology democracy\nideology monarchy\nideology democracy\n"),
    },
    Entry {
        code: codes::DUPLICATE_ATTRIBUTE,
        level: Error,
        title: "an attribute given twice in one declaration",
        help: Always("keep one value"),
        explanation: "
A state's block gives the same attribute (`power`, `ideology`, `at`, …) twice.",
        example: Check("state France { power 0.1 power 0.2 }\n"),
    },
    Entry {
        code: codes::BAD_POWER,
        level: Error,
        title: "a power that is not positive",
        help: Always(
            "power is a size, such as a CINC score (e.g. 0.12); a state with no power cannot align",
        ),
        explanation: "
A state's power is its size in the landscape (such as a CINC score); it must be above 0.",
        example: Check("state France { power -0.1 }\n"),
    },
    Entry {
        code: codes::OUT_OF_RANGE,
        level: Error,
        title: "a number outside the range its quantity allows",
        help: Varies("the help gives the range of the quantity"),
        explanation: "
Intents, reliabilities, proximities and affinities are shares with fixed ranges (0 to 1,
or -1 to 1 for an affinity); offense is a factor; powers and offers must lie within the
magnitudes the solver handles exactly; an expectation's tolerance or count must make sense.",
        example: Check(
            "state France { power 0.1 }\nstate Germany { power 0.2 }\nthreat Germany -> France 1.5\n",
        ),
    },
    Entry {
        code: codes::BAD_RANGE,
        level: Error,
        title: "a range written high to low",
        help: Varies("the help writes the range with its low end first"),
        explanation: "
A range `a..b` makes a number uncertain: each draw takes a value uniformly between a and b
(both inside the quantity's own range). The low end comes first; `0.3..0.3` is the number
0.3 itself.",
        example: Check(
            "state France { power 0.1 }\nstate Germany { power 0.2 }\nthreat Germany -> France 0.7..0.3\n",
        ),
    },
    Entry {
        code: codes::BAD_DRAWS,
        level: Error,
        title: "a number of draws or a seed that is not a whole number in its range",
        help: Varies(
            "1,000 draws (the default) give chances within about ±0.03; a seed is any whole number",
        ),
        explanation: "
`draws N` sets how many scenarios the questions about chances solve: a whole number from 1
to 100,000. `seed S` fixes the random draws: a whole number from 0 to 2^64 − 1, and the
same seed gives the same draws on any machine and thread count.",
        example: Check("draws 2.5\n"),
    },
    Entry {
        code: codes::SELF_RELATION,
        level: Error,
        title: "a relation between a state and itself",
        help: Varies("name two different states"),
        explanation: "
A threat, offer, border or distance, a question about a pair, or an alliance, needs two
different states.",
        example: Check(
            "state France { power 0.1 }\nstate Germany { power 0.2 }\nthreat France -> France 0.5\n",
        ),
    },
    Entry {
        code: codes::UNKNOWN_MODEL,
        level: Error,
        title: "a model that does not exist",
        help: Varies(
            "the models are balancing, bandwagoning, ideology, aid and landscape (a close one is proposed)",
        ),
        explanation: "
`model` (or `--model`) names a model of alignment `ally` does not know.",
        example: Check(
            "state France { power 0.1 }\nstate Germany { power 0.2 }\nmodel balancnig\n",
        ),
    },
    Entry {
        code: codes::BAD_WEIGHT,
        level: Error,
        title: "a mixture of models with a bad weight",
        help: Varies(
            "weights say how much each model counts: numbers of at least 0, at least one above 0",
        ),
        explanation: "
In `model balancing 0.7, ideology 0.3` each weight is a number of at least 0 and one of
them is above 0.",
        example: Check(
            "state France { power 0.1 }\nstate Germany { power 0.2 }\nmodel balancing 0.7, ideology -0.3\n",
        ),
    },
    Entry {
        code: codes::BAD_DOCTRINE,
        level: Error,
        title: "a doctrine that does not exist",
        help: Always("a state's doctrine is how it answers threats: `balancing` or `bandwagoning`"),
        explanation: "
A state's `doctrine` is how it answers threats: `balancing` or `bandwagoning`.",
        example: Check("state France { power 0.1 doctrine appeasement }\n"),
    },
    Entry {
        code: codes::BAD_PACT_TYPE,
        level: Error,
        title: "an alliance type that is not a pact type",
        help: Varies(
            "the types are ATOP's obligations: defense, offense, neutrality, nonaggression, consultation",
        ),
        explanation: "
An alliance's `type` names ATOP's obligations (defense, offense, neutrality,
nonaggression, consultation), each optionally held `by` members of the alliance only.",
        example: Check(
            "state France { power 0.1 }\nstate Russia { power 0.15 }\nalliance { France, Russia } type defence\n",
        ),
    },
    Entry {
        code: codes::BAD_BLOCS,
        level: Error,
        title: "a number of blocs below 2",
        help: Always("`blocs 2` (the default) splits the states into two camps"),
        explanation: "
`blocs N` asks for alignments into N camps; one camp is no alignment at all.",
        example: Check("state France { power 0.1 }\nstate Germany { power 0.2 }\nblocs 1\n"),
    },
    Entry {
        code: codes::BAD_COORDINATES,
        level: Error,
        title: "coordinates off the globe",
        help: Always("write `at LATITUDE, LONGITUDE` in degrees, e.g. `at 48.9, 2.4`"),
        explanation: "
A state's `at` gives its capital's latitude (-90 to 90) and longitude (-180 to 180) in degrees.",
        example: Check("state France { power 0.1 at 148.9, 2.4 }\n"),
    },
    Entry {
        code: codes::BAD_GAME,
        level: Error,
        title: "a malformed game in normal form",
        help: Varies("the help names the line to add or the part to change"),
        explanation: "
A `game` block needs its players, each player's strategies, and one payoff row per
profile with one payoff per player.",
        example: Check(
            "game Solitaire {\n  players Alice\n  strategies Stag, Rabbit\n  Stag -> 4\n  Rabbit -> 3\n}\n",
        ),
    },
    Entry {
        code: codes::GAME_PROFILE,
        level: Error,
        title: "a profile of strategies or moves given wrongly",
        help: Varies(
            "one strategy (or move) for each player, in the order of the `players` line, each profile once",
        ),
        explanation: "
A game's payoff row, or a profile an expectation names, gives the wrong number of
strategies, or a profile whose payoffs were already given.",
        example: Check(
            "game G {\n  players A, B\n  strategies X, Y\n  X, X -> 1, 1\n  X, X -> 1, 1\n  X, Y -> 0, 0\n  Y, X -> 0, 0\n  Y, Y -> 1, 1\n}\n",
        ),
    },
    Entry {
        code: codes::UNKNOWN_STRATEGY,
        level: Error,
        title: "a strategy or move the game does not have",
        help: Varies("the help proposes a close name or lists the player's strategies"),
        explanation: "
A payoff row, a tree expectation or a question names a strategy (or a move) that is not
one of the player's.",
        example: Check(
            "game G {\n  players A, B\n  strategies Stag, Rabbit\n  Stag, Stag -> 4, 4\n  Stag, Rabit -> 0, 3\n  Rabbit, Stag -> 3, 0\n  Rabbit, Rabbit -> 3, 3\n}\n",
        ),
    },
    Entry {
        code: codes::UNKNOWN_OUTCOME,
        level: Error,
        title: "an outcome the game does not declare",
        help: Varies(
            "declare the outcomes on one `outcomes` line (values or a ranking), or correct the name",
        ),
        explanation: "
A payoff row names an outcome its game's `outcomes` line does not declare.",
        example: Check(
            "game Chicken {\n  players Row, Column\n  strategies Swerve, Straight\n  outcomes win = 2, tie = 1, lose = 0, crash = -5\n  Swerve, Swerve -> tie, tie\n  Swerve, Straight -> lose, win\n  Straight, Swerve -> win, lose\n  Straight, Straight -> crahs, crash\n}\n",
        ),
    },
    Entry {
        code: codes::BAD_TREE,
        level: Error,
        title: "a malformed game tree",
        help: Varies("the help names the node to change"),
        explanation: "
A `tree` whose node belongs to no player of the game, a leaf with the wrong number of
payoffs, a node without moves, a move given twice, or a ranking where expected payoffs
must be averaged.",
        example: Check(
            "game Entry {\n  players Entrant, Incumbent\n  tree Entrant {\n    Out -> 0, 2\n    In -> Incumbnt { Fight -> -1, -1; Accommodate -> 1, 1 }\n  }\n}\n",
        ),
    },
    Entry {
        code: codes::BAD_PROBABILITY,
        level: Error,
        title: "chance probabilities that are not a distribution",
        help: Varies(
            "each probability in [0, 1], together summing to exactly 1 (fractions such as `1/3` are exact)",
        ),
        explanation: "
The moves of a `chance` node carry probabilities between 0 and 1 that sum to 1 exactly.",
        example: Check(
            "game Types {\n  players A, B\n  tree chance {\n    Up 0.3 -> 1, 1\n    Down 0.6 -> 0, 0\n  }\n}\n",
        ),
    },
    Entry {
        code: codes::INFORMATION_SET,
        level: Error,
        title: "an information set that cannot be one",
        help: Varies(
            "an information set belongs to one player, offers the same moves at each node and keeps perfect recall",
        ),
        explanation: "
Nodes in one information set (`in \"NAME\"`) belong to one player, offer the same moves,
and follow the same earlier moves of that player (perfect recall).",
        example: Check(
            "game Sets {\n  players A, B\n  tree A {\n    Left -> B in \"guess\" { Up -> 1, 1; Down -> 0, 0 }\n    Right -> B in \"guess\" { Up -> 0, 0; Sideways -> 1, 1 }\n  }\n}\n",
        ),
    },
    Entry {
        code: codes::TOO_DEEP,
        level: Error,
        title: "braces nested deeper than the parser reads",
        help: Always(
            "a game tree this deep cannot be read; split it into smaller games or use fewer levels",
        ),
        explanation: "
Blocks nested more than 100 levels deep (a game tree, mostly) are refused before they
are read, so that no input can exhaust the parser's stack.",
        example: Example::None,
    },
    Entry {
        code: codes::NOT_SUPPORTED,
        level: Error,
        title: "a question this input cannot be asked",
        help: Varies("the help says which form of the game or question is answered"),
        explanation: "
A question that does not apply to what it names: the subgame-perfect equilibria of a game
in normal form (write it as a `tree`), or a question the models cannot answer here.",
        example: Check(
            "game Chicken {\n  players Row, Column\n  strategies Swerve, Straight\n  Swerve, Swerve -> 0, 0\n  Swerve, Straight -> -1, 1\n  Straight, Swerve -> 1, -1\n  Straight, Straight -> -5, -5\n}\nsubgame perfect equilibria of Chicken?\n",
        ),
    },
    Entry {
        code: codes::TOO_LARGE,
        level: Error,
        title: "more work than `ally` takes on",
        help: Varies(
            "the help says how large an input is answered (fewer states, blocs, plans or nodes)",
        ),
        explanation: "
A question whose answer would take more time or memory than the limits allow: too many
states or blocs for the search, a game with too many profiles, a tree with too many nodes,
or a reduced strategic form too large to find every equilibrium exactly.",
        example: Run(
            "game Big {\n  players A, B\n  tree chance {\n    C1 1/4 -> A { X -> B { U -> 1, 0; D -> 0, 1 }; Y -> B { U -> 0, 1; D -> 1, 0 } }\n    C2 1/4 -> A { X -> B { U -> 1, 0; D -> 0, 1 }; Y -> B { U -> 0, 1; D -> 1, 0 } }\n    C3 1/4 -> A { X -> B { U -> 1, 0; D -> 0, 1 }; Y -> B { U -> 0, 1; D -> 1, 0 } }\n    C4 1/4 -> A { X -> B { U -> 1, 0; D -> 0, 1 }; Y -> B { U -> 0, 1; D -> 1, 0 } }\n  }\n}\nequilibria of Big?\n",
        ),
    },
    Entry {
        code: codes::NO_STATES,
        level: Error,
        title: "a question about alignments with no states",
        help: Always("declare states first, e.g. `state France { power 0.1 }`"),
        explanation: "
A question about alignments asked before any state is declared.",
        example: Run("who allies with whom?\n"),
    },
    Entry {
        code: codes::ENCODING,
        level: Error,
        title: "a file that is not UTF-8 text",
        help: Varies("save the file as UTF-8"),
        explanation: "
A file holds bytes that are not UTF-8; the diagnostic points at the first of them. (A
byte-order mark and old Mac line endings are accepted.)",
        example: Example::None,
    },
    Entry {
        code: codes::NAME_TOO_LONG,
        level: Error,
        title: "a name longer than names may be",
        help: Varies("shorten the name; keep a long one in a comment"),
        explanation: "
Names (of states, ideologies, alliances, games, players) are capped in length, so that a
runaway line cannot make every message about it huge.",
        example: Check(
            "state AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA { power 0.1 }\n",
        ),
    },
    Entry {
        code: codes::BAD_NAME,
        level: Error,
        title: "a name holding a control character",
        help: Always("names hold printable characters only (no tabs, escapes or other controls)"),
        explanation: "
A quoted name holds a tab, another control character or a Unicode non-character (here a
tab between the quotes), which no message could show faithfully.",
        example: Check("state \"Fr\tance\" { power 0.1 }\n"),
    },
    Entry {
        code: codes::WEIGHS_NOTHING,
        level: Note,
        title: "a declaration no answer of the file uses",
        help: Varies("the help names a model that would weigh it"),
        explanation: "
The file's questions are answered under models that give this declaration no weight (an
offer of aid under `model balancing`, an ideology under `model landscape`, …). Nothing is
wrong; the note says the line changes no answer.",
        example: Check(
            "state France { power 0.1 }\nstate Germany { power 0.2 }\noffer Germany -> France 0.3\nmodel balancing\nwho allies with whom?\n",
        ),
    },
    Entry {
        code: codes::REDECLARED,
        level: Note,
        title: "a threat, offer or state declared again: an event",
        help: Varies(
            "a declaration repeated at top level is an event: the lines above it keep the old value",
        ),
        explanation: "
A threat, offer or state declared again at top level replaces the earlier value from its
line on: questions above it see the old value, questions below the new one. Write it in an
`at` block to date the change.",
        example: Check(
            "state Germany { power 0.2 }\nstate France { power 0.1 }\nthreat Germany -> France 0.5\nthreat Germany -> France 0.8\n",
        ),
    },
    Entry {
        code: codes::DEFAULT_AFFINITY,
        level: Note,
        title: "two ideologies with no `affinity` line take the default",
        help: Varies(
            "write `affinity A ~ B = v` (from -1, opposed, to 1) for the pairs the note names",
        ),
        explanation: "
Under a model that weighs ideology, two different ideologies with no `affinity` line take
the default affinity 0 (indifferent). The note names the pairs, so that a forgotten line
is seen.",
        example: Check(
            "ideology democracy\nideology monarchy\nstate France { power 0.1 ideology democracy }\nstate Russia { power 0.2 ideology monarchy }\nmodel ideology\nwho allies with whom?\n",
        ),
    },
    Entry {
        code: codes::TIMEOUT,
        level: Error,
        title: "the time budget ran out",
        help: Always("ask about fewer states or fewer blocs, or split the scenario"),
        explanation: "
The work stopped because its time budget ran out (`ally serve` gives each run one) before
the question was answered; the questions answered before it keep their answers.",
        example: Example::None,
    },
    Entry {
        code: codes::INTERRUPTED,
        level: Error,
        title: "the work was interrupted",
        help: Varies("ask again, or ask a smaller question"),
        explanation: "
The question was stopped through Ctrl-C (in the REPL) before it was answered.",
        example: Example::None,
    },
    Entry {
        code: codes::INTERNAL,
        level: Error,
        title: "a bug in `ally` itself",
        help: Always("this is a bug in ally; please report it with the input that caused it"),
        explanation: "
The parser met something its grammar promised would not happen. It is reported rather
than papered over with an invented value; please report it with the input.",
        example: Example::None,
    },
    Entry {
        code: codes::FORMAT_INTERNAL,
        level: Error,
        title: "`ally fmt` would have changed the file's meaning",
        help: Always("this is a bug in `ally fmt`: please report it with the file"),
        explanation: "
`ally fmt` re-reads what it would write; when the statements or the comments differ from
the original's, it writes nothing and reports this bug instead.",
        example: Example::None,
    },
    Entry {
        code: codes::MISSING_COLUMN,
        level: Error,
        title: "a data file without a column the import reads",
        help: Varies("use the file as published (the help names the columns wanted)"),
        explanation: "
`ally import` reads the columns of a CSV file by name; the header of the file given
lacks one of them (below, the table of capitals given as the NMC file).",
        example: Command(&[
            "import",
            "cow",
            "--year",
            "1914",
            "--majors",
            "--nmc",
            "data/capitals.csv",
        ]),
    },
    Entry {
        code: codes::BAD_CSV_ROW,
        level: Error,
        title: "a row of a data file that cannot be read",
        help: Varies("the help says what the field should hold"),
        explanation: "
A row of a CSV file given to `ally import` has the wrong number of fields, or a field that
does not hold what its column should (a number, a code, a flag).",
        example: Example::None,
    },
    Entry {
        code: codes::UNKNOWN_STATE_CODE,
        level: Error,
        title: "a state code that is not in the state list",
        help: Varies(
            "a close code is proposed; `--states` takes COW codes such as FRN, GMY or 220",
        ),
        explanation: "
`--states` names a state by a Correlates of War code (letters or number) that the state
list does not hold.",
        example: Command(&["import", "cow", "--year", "1914", "--states", "FRN,GMZ"]),
    },
    Entry {
        code: codes::NOT_A_STATE_THEN,
        level: Error,
        title: "a state that was not a state in that year",
        help: Varies("the help gives the years the state was one"),
        explanation: "
`--states` names a state that the state list does not count as a state in the year asked.",
        example: Command(&["import", "cow", "--year", "1914", "--states", "FRN,ISR"]),
    },
    Entry {
        code: codes::YEAR_OUT_OF_RANGE,
        level: Error,
        title: "a year the data does not cover",
        help: Varies("choose a year the file covers (the help gives them)"),
        explanation: "
The year (or the range `--from`/`--to`) asked of `ally import` is outside the years the
data files cover.",
        example: Command(&["import", "cow", "--year", "1700", "--majors"]),
    },
    Entry {
        code: codes::EMPTY_SELECTION,
        level: Error,
        title: "a selection with no state in it",
        help: Varies("the help proposes a selection that holds states that year"),
        explanation: "
The states selected (`--majors`, `--region`, `--states`) hold no state in the year asked,
so there is no scenario to write.",
        example: Command(&["import", "cow", "--year", "1830", "--region", "africa"]),
    },
];
