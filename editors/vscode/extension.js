// The VS Code side of `ally lsp`: starts the server for .ally files. Highlighting,
// comments and brackets come from the manifest (package.json); everything else —
// diagnostics, completion, hover, definitions, references, symbols, formatting,
// rename — from the server, so other editors get the same by starting `ally lsp`.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("ally").get("path") || "ally";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "ally",
    "ally language server",
    { run: server, debug: server },
    { documentSelector: [{ language: "ally" }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
