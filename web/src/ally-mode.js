// Highlighting for .ally scenarios: a small CodeMirror StreamLanguage mode. The grammar
// itself is grammar/ally.pest; a Rust test (src/serve/assets.rs) checks that the list
// below is the grammar's keyword list, syntax::KEYWORDS.
import { StreamLanguage } from "@codemirror/language";

// keywords:begin
const KEYWORDS = [
  "scenario", "ideology", "affinity", "state", "power", "offense", "at", "doctrine",
  "border", "distance", "threat", "offer", "alliance", "reliability", "end", "model",
  "blocs", "propensity", "battle", "defeats", "loss", "turmoil", "leave", "proximity",
  "default", "expect",
  "with", "against", "indifferent", "biggest", "to", "is", "who", "allies", "whom", "of",
  "enemies", "why", "threats", "stable", "alignments", "compare", "models", "balance",
  "what", "if", "threatens", "price", "for", "would", "attack", "timeline", "equilibria",
  "dominant", "strategies", "best", "responses", "game", "players", "outcomes",
  "equilibrium", "payoff", "risk", "between", "and", "not", "deterred", "from", "switches",
  "nobody", "fairly", "even", "overwhelming", "type", "by", "weight", "energy", "cost",
  "leaving", "ratio", "attacking", "basin", "neutral", "latent", "intent", "tree", "chance",
  "in", "subgame", "perfect", "path", "strategic", "form", "draws", "seed", "how", "likely",
  "chances", "decides",
];
// keywords:end
const KEYWORD_SET = new Set(KEYWORDS);
const MODELS = new Set(["balancing", "bandwagoning", "landscape", "aid"]);

export const ally = StreamLanguage.define({
  name: "ally",
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.peek() === '"') {
      stream.next();
      while (!stream.eol()) {
        const c = stream.next();
        if (c === "\\") stream.next();
        else if (c === '"') break;
      }
      return "string";
    }
    if (stream.match(/^-?(\d+(\.(?!\.)\d*)?|\.\d+)([eE][-+]?\d+)?(\/\d+)?/)) return "number";
    // Names in any script, as the grammar's `ident`: XID_Start or `_`, then XID_Continue.
    if (stream.match(/^[\p{XID_Start}_]\p{XID_Continue}*/u)) {
      const word = stream.current().toLowerCase();
      if (KEYWORD_SET.has(word)) return "keyword";
      if (MODELS.has(word)) return "atom";
      return "variableName";
    }
    if (stream.match("->") || stream.match("+-") || stream.match("..") || stream.match(/^[~=?>,;{}±]/)) return "operator";
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "//" } },
});
