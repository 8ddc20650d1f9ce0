// The experiment a first-time user is shown when no other is asked for: the 2-D toy template
// (moons), which trains in seconds. Pure (no vscode): a unit test checks it analyzes clean.
export { TOY_2D as EXAMPLE_EXPERIMENT } from './templates/toy-2d';
