// What the PyTorch export cannot express: a clear error naming the feature, never a script
// that silently trains something else.
export class PytorchExportError extends Error {
  override readonly name = 'PytorchExportError';
}
