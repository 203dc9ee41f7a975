//! The message loop: initialize, then requests and notifications until shutdown.

use std::collections::HashMap;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References,
    Rename, Request as _,
};
use lsp_types::{
    CompletionOptions, CompletionResponse, DocumentSymbolResponse, GotoDefinitionResponse, Hover,
    HoverContents, HoverProviderCapability, MarkupContent, MarkupKind, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};

use super::document::Document;
use super::position::LineIndex;
use super::{diagnostics, features, hover};

type Error = Box<dyn std::error::Error + Send + Sync>;

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "\"".into(), "{".into()]),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

pub fn run(conn: &Connection) -> Result<(), Error> {
    let init = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "ally".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        },
    });
    let (id, _params) = conn.initialize_start()?;
    conn.initialize_finish(id, init)?;
    let mut server = Server {
        conn,
        docs: HashMap::new(),
    };
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                // A request the server cannot read gets an error reply; the server
                // goes on serving.
                let id = req.id.clone();
                if let Err(e) = server.request(req) {
                    server.fail(id, ErrorCode::InvalidParams, e.to_string())?;
                }
            }
            Message::Notification(n) => {
                if let Err(e) = server.notification(n) {
                    let _ = crate::output::stderr(&format!("ally lsp: {e}\n"));
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

struct Server<'c> {
    conn: &'c Connection,
    /// Open documents by URI.
    docs: HashMap<String, (Uri, Document)>,
}

fn params<P: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<P, Error> {
    Ok(serde_json::from_value(v)?)
}

impl Server<'_> {
    fn notification(&mut self, n: Notification) -> Result<(), Error> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = params(n.params)?;
                self.update(p.text_document.uri, p.text_document.text)?;
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = params(n.params)?;
                // Full synchronisation: the last change holds the whole text.
                if let Some(change) = p.content_changes.into_iter().last() {
                    self.update(p.text_document.uri, change.text)?;
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = params(n.params)?;
                self.docs.remove(p.text_document.uri.as_str());
                self.publish(&p.text_document.uri, Vec::new())?;
            }
            _ => {}
        }
        Ok(())
    }

    fn update(&mut self, uri: Uri, text: String) -> Result<(), Error> {
        let doc = Document::new(text, self.docs.get(uri.as_str()).map(|(_, d)| d));
        let ix = LineIndex::new(doc.text());
        let diags = doc
            .diags()
            .iter()
            .map(|d| diagnostics::convert(d, &ix, &uri))
            .collect();
        self.publish(&uri, diags)?;
        self.docs.insert(uri.as_str().to_string(), (uri, doc));
        Ok(())
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>) -> Result<(), Error> {
        let p = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: None,
        };
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                PublishDiagnostics::METHOD.into(),
                p,
            )))?;
        Ok(())
    }

    fn reply(&self, id: RequestId, result: impl serde::Serialize) -> Result<(), Error> {
        self.conn
            .sender
            .send(Message::Response(Response::new_ok(id, result)))?;
        Ok(())
    }

    fn fail(&self, id: RequestId, code: ErrorCode, message: String) -> Result<(), Error> {
        self.conn.sender.send(Message::Response(Response::new_err(
            id,
            code as i32,
            message,
        )))?;
        Ok(())
    }

    fn doc(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.docs.get_mut(uri.as_str()).map(|(_, d)| d)
    }

    fn request(&mut self, req: Request) -> Result<(), Error> {
        let id = req.id.clone();
        let unknown = |uri: &Uri| format!("{} is not open", uri.as_str());
        match req.method.as_str() {
            Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(req.params)?;
                let tdp = p.text_document_position;
                match self.doc(&tdp.text_document.uri) {
                    Some(d) => {
                        let items = features::completion(d, tdp.position);
                        self.reply(id, CompletionResponse::Array(items))
                    }
                    None => self.fail(
                        id,
                        ErrorCode::InvalidParams,
                        unknown(&tdp.text_document.uri),
                    ),
                }
            }
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(req.params)?;
                let tdp = p.text_document_position_params;
                let Some(d) = self.doc(&tdp.text_document.uri) else {
                    return self.fail(
                        id,
                        ErrorCode::InvalidParams,
                        unknown(&tdp.text_document.uri),
                    );
                };
                let offset = LineIndex::new(d.text()).offset(tdp.position);
                let h = hover::hover(d, offset).map(|value| Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value,
                    }),
                    range: None,
                });
                self.reply(id, h)
            }
            GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(req.params)?;
                let tdp = p.text_document_position_params;
                let uri = tdp.text_document.uri;
                let loc = self
                    .doc(&uri)
                    .and_then(|d| features::definition(d, &uri, tdp.position));
                self.reply(id, loc.map(GotoDefinitionResponse::Scalar))
            }
            References::METHOD => {
                let p: lsp_types::ReferenceParams = params(req.params)?;
                let tdp = p.text_document_position;
                let uri = tdp.text_document.uri;
                let decl = p.context.include_declaration;
                let locs = self
                    .doc(&uri)
                    .map(|d| features::references(d, &uri, tdp.position, decl));
                self.reply(id, locs)
            }
            Rename::METHOD => {
                let p: lsp_types::RenameParams = params(req.params)?;
                let tdp = p.text_document_position;
                let uri = tdp.text_document.uri;
                let Some(d) = self.doc(&uri) else {
                    return self.fail(id, ErrorCode::InvalidParams, unknown(&uri));
                };
                match features::rename(d, &uri, tdp.position, &p.new_name) {
                    Ok(edit) => self.reply(id, edit),
                    Err(e) => self.fail(id, ErrorCode::InvalidParams, e),
                }
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = params(req.params)?;
                let syms = self
                    .doc(&p.text_document.uri)
                    .map(|d| DocumentSymbolResponse::Nested(features::document_symbols(d)));
                self.reply(id, syms)
            }
            Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams = params(req.params)?;
                let edits = self
                    .doc(&p.text_document.uri)
                    .map(|d| features::formatting(d));
                self.reply(id, edits)
            }
            _ => self.fail(
                id,
                ErrorCode::MethodNotFound,
                format!("ally lsp does not handle {}", req.method),
            ),
        }
    }
}
