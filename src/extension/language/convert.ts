// Conversions between the language layer's plain ranges (0-based, end exclusive) and VS Code's.
import * as vscode from 'vscode';
import type { Position, Severity } from '../../lang';
import type { SourceRange } from '../../graph/ir';

export function toRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.startLine, range.startCol, range.endLine, range.endCol);
}

export function fromPosition(position: vscode.Position): Position {
  return { line: position.line, col: position.character };
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
  }
}

export function markdown(text: string): vscode.MarkdownString {
  // Docs come from our own tables, but never trust them with command links or HTML.
  const md = new vscode.MarkdownString(text);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
