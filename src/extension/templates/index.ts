// The starting points "New Experiment" offers, in the order its quick pick shows them. Pure data
// (no vscode) so that a unit test checks each template analyzes clean. A new kind of model gets a
// row here and a file beside this one.
import { BLANK } from './blank';
import { IMAGES } from './images';
import { SEQUENCES } from './sequences';
import { TABULAR } from './tabular';
import { TOY_2D } from './toy-2d';

export interface ExperimentTemplate {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
  readonly text: string;
}

export const TEMPLATES: readonly ExperimentTemplate[] = [
  {
    id: 'toy-2d',
    label: '2-D toy set (moons, spiral)',
    detail: 'Points in the plane: trains in seconds, draws its decision boundary',
    text: TOY_2D,
  },
  { id: 'tabular', label: 'Tabular (CSV)', detail: 'A CSV file with a header row and a column to predict', text: TABULAR },
  { id: 'images', label: 'Images (IDX, image folder)', detail: 'A small CNN on MNIST-style IDX files or a folder per class', text: IMAGES },
  {
    id: 'sequences',
    label: 'Text and sequences (a tiny GPT)',
    detail: 'A character-level Transformer that learns a text and writes like it (Generate)',
    text: SEQUENCES,
  },
  { id: 'blank', label: 'Blank', detail: 'The three blocks with the least each needs', text: BLANK },
];

export function templateById(id: string): ExperimentTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
