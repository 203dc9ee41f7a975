//! `ally`'s diagnostics as LSP diagnostics: the same code, message and span as
//! `ally check`, the label and help in the message, secondary labels as related
//! locations.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use super::position::LineIndex;
use ally_core::diagnostics::Diag;

pub fn convert(d: &Diag, ix: &LineIndex, uri: &Uri) -> Diagnostic {
    let severity = match d.severity {
        miette::Severity::Error => DiagnosticSeverity::ERROR,
        miette::Severity::Warning => DiagnosticSeverity::WARNING,
        miette::Severity::Advice => DiagnosticSeverity::HINT,
    };
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|(span, label)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), ix.range(*span)),
            message: label.clone(),
        })
        .collect();
    Diagnostic {
        range: ix.range(d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some("ally".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
