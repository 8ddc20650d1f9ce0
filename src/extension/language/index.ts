// Every language feature of experiment files, registered from one place. All of them read the
// same AnalysisCache, so a document version is parsed and checked once.
import * as vscode from 'vscode';
import { LANGUAGE_ID, SETTINGS } from '../command-ids';
import { ModelCodeLensProvider } from '../codelens';
import { AnalysisCache } from './analysis-cache';
import { COMPLETION_TRIGGERS, ExperimentCompletionProvider } from './completion';
import { DiagnosticsController } from './diagnostics';
import { ExperimentFoldingProvider } from './folding';
import { ExperimentFormattingProvider } from './formatting';
import { ExperimentHoverProvider } from './hover';
import { INLAY_HINTS_SETTING, ShapeInlayHintsProvider } from './inlay-hints';
import { ExperimentSymbolProvider } from './outline';

export interface LanguageFeatures {
  readonly analyses: AnalysisCache;
  readonly lenses: ModelCodeLensProvider;
}

export function registerLanguageFeatures(context: vscode.ExtensionContext): LanguageFeatures {
  // Any scheme: untitled experiments (New Experiment) get every feature too.
  const selector: vscode.DocumentSelector = { language: LANGUAGE_ID };
  const analyses = new AnalysisCache();
  const lenses = new ModelCodeLensProvider(analyses);
  const inlayHints = new ShapeInlayHintsProvider(analyses);
  context.subscriptions.push(
    analyses,
    lenses,
    inlayHints,
    new DiagnosticsController(analyses),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerInlayHintsProvider(selector, inlayHints),
    vscode.languages.registerHoverProvider(selector, new ExperimentHoverProvider(analyses)),
    vscode.languages.registerCompletionItemProvider(selector, new ExperimentCompletionProvider(analyses), ...COMPLETION_TRIGGERS),
    vscode.languages.registerDocumentSymbolProvider(selector, new ExperimentSymbolProvider(analyses), { label: 'Model Lab' }),
    vscode.languages.registerFoldingRangeProvider(selector, new ExperimentFoldingProvider(analyses)),
    vscode.languages.registerDocumentFormattingEditProvider(selector, new ExperimentFormattingProvider(analyses)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`modelLab.${SETTINGS.codeLens}`)) lenses.refresh();
      if (e.affectsConfiguration(`modelLab.${INLAY_HINTS_SETTING}`)) inlayHints.refresh();
    }),
  );
  return { analyses, lenses };
}
