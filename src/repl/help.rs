//! `:help`: the language in one screen, and a few lines on each keyword and command.

/// The whole language on one screen.
pub const OVERVIEW: &str = "\
Declare a scenario, then ask about it. One statement per line (or separated by `;`);
a `{ … }` block may span lines. Keywords are case-insensitive; `//` starts a comment.

Declarations
  scenario \"Title\"                       ideology A, B         affinity A ~ B = x
  state X { power 0.1  ideology A  offense 1.3  at LAT, LON  doctrine balancing }
  border A ~ B      distance A ~ B = x      threat A -> B [x]      offer A -> B x
  alliance [Name] { A, B, … } [type T [by A, …] and …] [reliability r]  (`:help type`)
  propensity A ~ B = x   latent intent x   (`:help latent`)
  model M  or  model M1 w1, M2 w2     (balancing bandwagoning ideology aid landscape)
  blocs N [, neutral]   expect X with Y | X against Y | … (`:help expect`)
Events (at top level at once; in `at T { … }` for the timeline; after `what if`)
  (a threat, offer or state declared again at top level is an event too: `:help again`)
  threat A -> B [x]   offer A -> B x   battle A defeats B [loss x]   turmoil S -> I
  alliance [Name] { … }   end alliance Name   end threat A -> B   state X { … }
  leave S   power S = x
Queries (end with ?)
  who allies with whom?   allies of X?   enemies of X?   why X?   balance of power?
  biggest threat to X?    threats to X?  stable alignments?       compare models?
  timeline?   what if EVENT?   price of X for Y?   would A attack B?
Chances (any power, offense, intent, offer, distance, affinity, propensity or reliability
may be a range a..b: `:help ranges`)       draws N   seed S
  how likely is A with B?   how likely is A deterred from B?   chances of alignments?
  what decides X?
Games
  game G { players A, B  strategies x, y  outcomes o = 1, …  x, y -> 3, 1/2 … }
  equilibria of G?   dominant strategies of G?   best responses of G?
  game T { players A, B  tree A { Stay -> 0, 0  Go -> B { … } } }   (`:help tree`)
  subgame perfect equilibria of T?   path of T?   strategic form of T?
Commands
  :help [topic]  :load FILE  :save FILE  :undo  :reset  :model [M]  :show X  :json
  :graph FILE  :quit
Keys: Tab completes, ↑ recalls earlier entries, Ctrl-C clears the line or stops a long
question, Ctrl-D leaves.   More: `:help state`, `:help what if`, `:help game`, `:help queries`, …
";

/// Help on one topic: `(names, text)`; the first name is the one listed.
const TOPICS: &[(&[&str], &str)] = &[
    (
        &["scenario"],
        "scenario \"Title\"\n  The scenario's title, shown by `ally run` on several files.",
    ),
    (
        &["ideology", "ideologies"],
        "ideology A, B, …\n  Declares ideologies; a state takes one with `ideology A` in its block.\n  \
         Two states of the same ideology attract (+1); different ones neither attract\n  \
         nor repel (0) unless an `affinity` says otherwise — a note\n  \
         (`ally::default_affinity`) names the pairs that take that default. Used by\n  \
         `model ideology`.",
    ),
    (
        &["affinity"],
        "affinity A ~ B = x\n  The affinity of two ideologies, in [−1, 1] (default +1 same, 0 different:\n  \
         similarity attracts, a difference need not make enemies).",
    ),
    (
        &["state", "power", "offense", "doctrine"],
        "state X { power 0.1  ideology A  offense 1.3  at 48.8, 2.3  doctrine balancing }\n  \
         A state. Attributes, in any order, separated by spaces, newlines or commas:\n    \
         power x       > 0, e.g. a CINC score (default 1)\n    \
         ideology I    a declared ideology\n    \
         offense x     ≥ 0, offensive capability (default 1)\n    \
         at LAT, LON   position in degrees: proximity from great-circle distance\n    \
         doctrine D    balancing or bandwagoning: how X answers the threats it faces\n  \
         The block may span lines: the prompt waits for the closing `}`.",
    ),
    (
        &["border"],
        "border A ~ B\n  A and B are neighbours: proximity 1.",
    ),
    (
        &["distance", "proximity", "default"],
        "distance A ~ B = x   proximity default x\n  Proximity of a pair that does not share a border, in [0, 1]. Without one,\n  \
         proximity comes from `at` positions (exp(−km / 1500)), else the default:\n  \
         0.5, or x after `proximity default x`.",
    ),
    (
        &["threat"],
        "threat A -> B [x]\n  A's intent to threaten B, in [0, 1] (default 1). Without one the intent is\n  \
         the latent intent (0.1, `:help latent`), 0 between partners (an alliance, an\n  \
         offer of aid). `threat A -> B 0` declares no hostile intent (below latent);\n  \
         `end threat A -> B` withdraws the threat (back to latent).\n  \
         Walt's threat of A to B = power × proximity × offense × intent.\n  \
         Ask `threats to B?` or `biggest threat to B?` to see the four sources.",
    ),
    (
        &["latent", "intent", "latent intent"],
        "latent intent x\n  The intent of every pair with no declared `threat`, in [0, 1] (default 0.1):\n  \
         Walt's aggregate power as a potential threat. Answers word it as power, not as a\n  \
         threat (\"Amber keeps apart from Leviathan's power (no declared threat)\"), and\n  \
         `threats to X?` marks its rows (latent). Between partners — an active alliance\n  \
         of any type, an offer of aid either way — it is 0 unless a threat is declared.\n  \
         `latent intent 0`: only declared threats count.",
    ),
    (
        &["offer", "aid"],
        "offer A -> B x\n  Aid (a bribe) of x money units from A to B; used by `model aid`\n  \
         (an offer of 100 pulls as hard as a shared ideology). Under every model an\n  \
         offer above 0 makes the two partners: no latent threat between them.",
    ),
    (
        &["alliance", "reliability", "type", "by"],
        "alliance [Name] { A, B, … } [type T [by A, …] and …] [reliability r]\n  An alliance, honoured with probability r (default 0.745). Members are pulled\n  \
         together under every model (alliances are sticky). The block may span lines.\n  \
         `type` says what they owe each other, in ATOP's terms: defense, offense,\n  \
         neutrality, non-aggression, consultation; `by A` when only A holds it\n  \
         (`type defense by Britain and consultation`). Defense and offense pull at r,\n  \
         half for a one-sided one; the others pull nothing. `would A attack B?` counts\n  \
         defense pacts for B, offense pacts for A. Without `type`: full support both ways.",
    ),
    (
        &["propensity", "landscape"],
        "propensity A ~ B = x\n  A declared landscape propensity of the pair (positive attracts), used by\n  \
         `model landscape` exactly as Axelrod & Bennett's p_ij.",
    ),
    (
        &["model", "models", "balancing", "bandwagoning"],
        "model M   or   model M1 w1, M2 w2, …\n  The model answering alignment questions (default balancing):\n    \
         balancing     keep apart from those who threaten you\n    \
         bandwagoning  join those who threaten you, if at least as strong as you\n    \
                       (a weaker threatener is balanced)\n    \
         ideology      the affinity of the states' ideologies\n    \
         aid           offers of aid pull the pair together\n    \
         landscape     exactly the declared propensities\n  \
         A mixture adds the models' propensities times their weights. `:model M` sets it\n  \
         from the prompt; `compare models?` puts them side by side.",
    ),
    (
        &["blocs", "neutral", "neutrality"],
        "blocs N   or   blocs N, neutral\n  The number of blocs, 2 to 16 (default 2). With `neutral` a state may also stay\n  \
         out of every bloc: a neutral state's pairs weigh nothing, so it stays out exactly\n  \
         when no bloc gives it a net gain (`why X?` then says what joining each bloc would\n  \
         cost; `expect X neutral` checks it).",
    ),
    (
        &[
            "expect",
            "with",
            "against",
            "indifferent",
            "is",
            "equilibrium",
            "payoff",
            "risk",
            "between",
            "and",
            "not",
            "deterred",
            "from",
            "switches",
            "nobody",
            "fairly",
            "even",
            "overwhelming",
            "weight",
            "energy",
            "cost",
            "leaving",
            "ratio",
            "attacking",
            "basin",
            "±",
            "chance",
        ],
        "expect X with Y | expect X against Y | expect X indifferent | expect X neutral\n\
         expect biggest threat to X is Y\n\
         expect equilibria of G = N | expect equilibrium of G is S1, S2\n\
         expect payoff dominant of G is S1, S2 | expect risk dominant of G is S1, S2\n\
         expect stable alignments = N | expect price of X for Y between A and B\n\
         expect A deterred from B | expect A not deterred from B\n\
         expect X switches at T | expect nobody switches at T\n\
         expect balance fairly even | expect balance overwhelming\n\
         expect threat of A to B = v | expect weight of A to B = v | expect energy = v\n\
         expect price of X for Y = v | expect cost of leaving X = v | expect basin of stable N = v\n\
         expect ratio of balance = v | expect ratio of A attacking B = v\n\
         expect subgame perfect of T is A, B | expect subgame perfect of T = N\n\
         expect path of T is A, B\n\
         expect chance of A with B = p ± t | expect chance of A deterred from B = p ± t\n\
         expect A with B likely (in at least half of the draws)\n  \
         An assertion about the answer, reported as ok or FAILED with the actual answer.\n  \
         A number holds to the precision the answer prints it with (copy it from the output),\n  \
         or within a tolerance written after it: `expect energy = -0.03 ± 0.001` (or `+-`).",
    ),
    (
        &["queries", "query", "?", "of"],
        "Queries end with `?` and are answered at once, against every declaration so far:\n  \
         who allies with whom?   the predicted alignment (blocs named after their strongest)\n  \
         allies of X?            the states in X's bloc\n  \
         enemies of X?           the states in the other blocs\n  \
         why X?                  every force holding X in its bloc, largest first\n  \
         biggest threat to X?    the strongest threat to X, with Walt's four sources\n  \
         threats to X?           every threat to X, ranked\n  \
         stable alignments?      every stable alignment, its energy and basin\n  \
         compare models?         each state's bloc under every model\n  \
         balance of power?       each bloc's power and the ratio of strongest to weakest\n  \
         timeline?               the alignment after each `at` block, who switched and why\n  \
         what if EVENT?          the alignment before and after one event\n  \
         price of X for Y?       the least aid from Y that moves X to Y's bloc\n  \
         would A attack B?       deterrence: each side's power with its allies\n  \
         how likely is A with B? the share of draws with A and B in one bloc (ranges)\n  \
         chances of alignments?  each alignment drawn, most likely first\n  \
         what decides X?         the uncertain inputs that move X's side, ranked\n  \
         equilibria of G?        a game's Nash equilibria, exactly\n  \
         dominant strategies of G?   dominance and iterated elimination\n  \
         best responses of G?    each player's best responses\n  \
         subgame perfect equilibria of T?   a game tree's subgame-perfect equilibria\n  \
         path of T?              the outcomes of those equilibria, with probabilities\n  \
         strategic form of T?    a game tree's reduced strategic form",
    ),
    (
        &["who", "whom", "alignment"],
        "who allies with whom?\n  The alignment of least energy in Axelrod & Bennett's landscape: its blocs\n  \
         (named after their most powerful member), their power, the energy, and any\n  \
         state indifferent between blocs.",
    ),
    (
        &["allies", "enemies"],
        "allies of X?   enemies of X?\n  The states in X's bloc, or in the other blocs, in the predicted alignment.",
    ),
    (
        &["why"],
        "why X?\n  Every force on X, largest first: the energy each would add if X left its bloc,\n  \
         and the sum per model.",
    ),
    (
        &["biggest", "threats", "to"],
        "biggest threat to X?   threats to X?\n  Threats to X with Walt's product, power × proximity × offense × intent, and\n  \
         the weight the energy gives each (X's power × the threat × the model's threat\n  \
         weight), ranked by that weight (under one model the same order). Rows with\n  \
         no declared threat are marked (latent): power as a potential threat.",
    ),
    (
        &["stable", "alignments", "basin"],
        "stable alignments?\n  Every alignment no state can improve by moving alone, its energy and its basin\n  \
         (the share of configurations whose steepest descent ends there).",
    ),
    (
        &["compare"],
        "compare models?\n  A state × model table: each state's bloc under each model and the current one.",
    ),
    (
        &["balance"],
        "balance of power?\n  Each bloc's power, the ratio of the strongest to the weakest, and the verdict\n  \
         (fairly even below 2 : 1, overwhelming from 2 : 1).",
    ),
    (
        &["events", "event"],
        "Events change a scenario: threat A -> B [x], end threat A -> B, offer A -> B x,\n  \
         battle A defeats B [loss x], turmoil S -> I, alliance [Name] { … },\n  \
         end alliance Name, state X { … },\n  \
         leave S, power S = x. At top level an event happens at once; inside `at T { … }` it is part\n  \
         of the timeline; after `what if` it is asked about without changing anything.",
    ),
    (
        &["at"],
        "at T { EVENT; EVENT … }\n  Events at time T (one per line or `;`-separated), applied in time order by\n  \
         `timeline?` and by `ally graph --at T`.",
    ),
    (
        &["timeline"],
        "timeline?\n  The alignment as declared, then after each `at` block in time order: who\n  \
         switched sides and after which event, the forces holding it on its new side,\n  \
         and a summary counting switches per kind of event.\n  \
         Every question at a time T instead: `ally run --at T FILE` (the `at` blocks up\n  \
         to T applied, the later ones left as the timeline).",
    ),
    (
        &["what if", "what", "if", "threatens"],
        "what if EVENT?\n  The alignment before and after one event (`what if Germany threatens Italy?`,\n  \
         `what if battle A defeats B?`, any event statement), who switched and why, and\n  \
         the balance of power before and after. The scenario itself is not changed.",
    ),
    (
        &["ranges", "range", "..", "uncertain"],
        "A range a..b instead of a number: uniform on [a, b], a ≤ b, both in the\n  \
         number's own domain. Any power, offense, threat intent, offer, distance,\n  \
         affinity, propensity or alliance reliability may be one, in declarations, `at`\n  \
         blocks and `what if`: `threat Russia -> Austria 0.3..0.7`.\n  \
         The questions about chances draw every range (`:help how`, `:help chances`,\n  \
         `:help decides`); every other question answers at the middle of every range\n  \
         and says so.",
    ),
    (
        &["draws", "seed"],
        "draws N   seed S\n  How many draws the questions about chances take (default 1000, at most\n  \
         100000) and the seed of their random streams (default 2024): the same file\n  \
         gives the same shares on any machine. 1,000 draws give a share within about\n  \
         ±0.03 (95 %), 10,000 within ±0.01.",
    ),
    (
        &["how", "likely"],
        "how likely is A with B?   how likely is A deterred from B?\n  The share of draws whose predicted alignment puts A and B in one bloc (a draw\n  \
         in which either is indifferent counts as not), or in which `would A attack B?`\n  \
         says deterred, with its 95 % (Wilson) interval.",
    ),
    (
        &["chances"],
        "chances of alignments?\n  Each predicted alignment the draws gave, most likely first (at most 20; the rest\n  \
         summed), with its share and 95 % interval.",
    ),
    (
        &["decides"],
        "what decides X?\n  The uncertain inputs ranked by how much they move X's side: for each, the share\n  \
         of draws with X beside its partners (its bloc-mates at the middle of every\n  \
         range) when the input is in the upper half of its range, minus the share when\n  \
         it is in the lower half, ± half its 95 % interval.",
    ),
    (
        &["battle", "defeats", "loss"],
        "battle A defeats B [loss x]\n  An event: B loses the share x of its power (default 0.2).",
    ),
    (
        &["turmoil"],
        "turmoil S -> I\n  An event: domestic turmoil, S takes the ideology I.",
    ),
    (
        &["leave"],
        "leave S\n  An event: S leaves the scenario (its relations go with it).\n\
         power S = x\n  An event: S's power becomes x (> 0).",
    ),
    (
        &["end", "end alliance", "end threat", "withdraw"],
        "end alliance Name\n  An event: the alliance ends; its members lose its bonus.\n\
         end threat A -> B\n  An event: A withdraws its threat to B; A's intent towards B returns to the\n  \
         latent level, as if never declared (`threat A -> B 0` instead declares no\n  \
         hostile intent, below latent). There must be a threat to withdraw.",
    ),
    (
        &["price", "for"],
        "price of X for Y?\n  The least total offer of aid from Y to X at which the least-energy alignment\n  \
         puts X in Y's bloc (exact), the states that follow X, or why no offer can do it\n  \
         (the model gives aid no weight). Needs two blocs.",
    ),
    (
        &["would", "attack", "deterrence"],
        "would A attack B?\n  Deterrence: each side's power — the principal in full, each state allied to\n  \
         it (and not to the other) at its alliance's reliability — their ratio, and the\n  \
         verdict: deterred unless the attacker's side is overwhelming (2 : 1 or more).\n  \
         Of typed pacts only a defense obligation to B and an offense obligation to A\n  \
         count; the others are shown, not counted.",
    ),
    (
        &["game", "games", "players", "strategies", "outcomes"],
        "game G {\n  players A, B\n  strategies x, y          // or per player: strategies A: x, y\n  \
         outcomes o = 4, p = 3    // by value; or ranked: outcomes best > good = fine > worst\n  \
         x, x -> 3, 1/2           // one row per profile: strategies, then payoffs\n}\n  \
         A normal-form game. Payoffs are exact rationals as written (1e-3 is 1/1000) or\n  \
         outcome names. Ask `equilibria of G?`, `dominant strategies of G?`,\n  \
         `best responses of G?`.",
    ),
    (
        &["equilibria"],
        "equilibria of G?\n  Every pure equilibrium; with two players and cardinal payoffs every Nash\n  \
         equilibrium, mixed ones included, exactly; payoff and (2 × 2) risk dominance;\n  \
         whether the game is degenerate.",
    ),
    (
        &[
            "tree",
            "chance",
            "in",
            "subgame",
            "perfect",
            "path",
            "strategic",
            "form",
        ],
        "game T {\n  players Challenger, Defender\n  tree chance {\n    \
         Committed 1/4 -> Challenger in \"unsure\" { Attack -> Defender { Fight -> -2, -1; Yield -> 1, -3 }; Stay -> 0, 0 }\n    \
         Uncommitted 3/4 -> Challenger in \"unsure\" { Attack -> 1, -1; Stay -> 0, 0 }\n  }\n}\n  \
         A game in extensive form: player nodes (`Player { Move -> NODE … }`), chance\n  \
         nodes with exact probabilities summing to 1, leaves (one payoff per player);\n  \
         nodes of one player with the same `in \"set\"` are one information set.\n  \
         Ask `subgame perfect equilibria of T?`, `equilibria of T?` (Nash, through the\n  \
         reduced strategic form), `path of T?`, `strategic form of T?`.",
    ),
    (
        &["dominant"],
        "dominant strategies of G?\n  Each player's strictly and weakly dominant strategy, what each strategy\n  \
         dominates, and iterated elimination of strictly dominated strategies.",
    ),
    (
        &["best", "responses"],
        "best responses of G?\n  Each player's best responses to every profile of the others, and the mutual\n  \
         ones (the pure equilibria).",
    ),
    (
        &[":help", "help"],
        ":help [topic]\n  The language in one screen, or a few lines on a keyword or command.",
    ),
    (
        &[":load", "load"],
        ":load FILE\n  Runs a .ally file into the session, statement by statement: its declarations\n  \
         are added, its questions answered; a statement with an error is reported and skipped.",
    ),
    (
        &[":save", "save"],
        ":save FILE\n  Writes every accepted statement of the session, in order, as a .ally file:\n  \
         `ally run FILE` or `:load FILE` gives the same answers again. Comments are not kept,\n  \
         so it refuses to write over a file that has some; `:save! FILE` (or\n  \
         `:save --force FILE`) writes over it anyway.",
    ),
    (
        &[":undo", "undo"],
        ":undo\n  Takes back the last entry that changed the scenario (a declaration, an event,\n  \
         an `at` block, a `:load`ed file, `:model M`) and says what it took back; questions\n  \
         are skipped. Again for the entry before; `nothing to undo` once none is left\n  \
         (`:reset` also forgets what could be undone).",
    ),
    (
        &["again", "redeclared", "change", "changing"],
        "Changing a scenario\n  At top level (and at the prompt) a threat, offer or state declared again is an\n  \
         event: from that line on it has the new value (an offer is replaced, not added\n  \
         to; a state changes only the attributes written again), and a note\n  \
         (`ally::redeclared`) points at the line it replaces. `:undo` takes it back.\n  \
         A border, distance, propensity, alliance or ideology declared twice is an error.",
    ),
    (
        &[":reset", "reset"],
        ":reset\n  Forgets every declaration: a new, empty scenario.",
    ),
    (
        &[":model"],
        ":model [M]\n  Shows the current model, or sets it as the statement `model M` would\n  \
         (`:model ideology`, `:model balancing 0.7, ideology 0.3`).",
    ),
    (
        &[":show", "show"],
        ":show X\n  What is known about state X: power, ideology, offense, position, doctrine, its\n  \
         relations, the threats it faces, and its bloc in the predicted alignment.",
    ),
    (
        &[":graph", "graph"],
        ":graph FILE.svg\n  Draws the session's scenario as `ally graph` would (SVG; DOT when FILE ends\n  \
         in .dot): states sized by power, coloured by predicted bloc.",
    ),
    (
        &[":json", "json"],
        ":json\n  Switches answers between text and JSON (the `--format json` objects).",
    ),
    (
        &[":quit", "quit", "exit", ":exit", ":q"],
        ":quit\n  Leaves the REPL (so does Ctrl-D).",
    ),
];

/// The help on `topic` (`:help what if`, `:help price of`: a whole name first, then its
/// first word), or `Err` with a suggestion.
pub fn topic(topic: &str) -> Result<String, String> {
    let t = topic.trim().trim_end_matches('?').trim().to_lowercase();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = t.split(' ').next().unwrap_or("").to_string();
    for wanted in [&t, &first] {
        for (names, text) in TOPICS {
            if names.iter().any(|n| n == wanted) {
                return Ok(format!("{text}\n"));
            }
        }
    }
    let all = TOPICS.iter().flat_map(|(n, _)| n.iter().copied());
    let hint = ally_core::diagnostics::did_you_mean(&t, all)
        .map(|h| format!(" — {h}"))
        .unwrap_or_default();
    Err(format!(
        "no help on `{topic}`{hint}\ntopics: {}\n",
        topics().join(", ")
    ))
}

/// The topics listed by `:help` (the first name of each).
pub fn topics() -> Vec<&'static str> {
    TOPICS.iter().map(|(n, _)| n[0]).collect()
}

/// Every word `:help` accepts, for completion.
pub fn words() -> impl Iterator<Item = &'static str> {
    TOPICS
        .iter()
        .flat_map(|(n, _)| n.iter().copied())
        .filter(|w| !w.contains(' '))
}
