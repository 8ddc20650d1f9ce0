// The status bar item that says what the trainer computes on: "WebGPU · <adapter>" or "CPU", and
// why in its tooltip (describeCompute's wording, as the trainer panel and the Training view say it).
import * as vscode from 'vscode';
import { describeCompute } from '../protocol/compute-info';
import type { ComputeInfo } from '../protocol/wire';

export class ComputeStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelLab.compute', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Model Lab Compute';
  }

  show(info: ComputeInfo): void {
    const { text, why, unused } = describeCompute(info);
    this.item.text = `$(chip) ${text}`;
    this.item.tooltip = `Model Lab trains on ${text}: ${why}${unused ? `\n${unused}` : ''}`;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
