// Which runs the live charts draw: the runs of the latest ▶ Train (one run, or a sweep's runs
// together) first, and the earlier runs of the window only when the person asks, so that an
// 18,000-step run from another model does not flatten a 40-step sweep into the axis. Pure.

export interface RunSelection {
  /** The runs to draw, in legend order: the current ones first (in their order), then earlier runs, newest first. */
  readonly shown: readonly string[];
  /** How many earlier runs there are (drawn or not): the toggle says so. */
  readonly earlier: number;
}

/**
 * `known`: every run with points, in order of arrival; `current`: the runs of the latest click
 * (empty right after the click, until its first run starts: the earlier curves go at once, so the
 * first point drawn is the new run's).
 */
export function selectRuns(known: readonly string[], current: readonly string[], showEarlier: boolean): RunSelection {
  const now = current.filter((id) => known.includes(id));
  const earlier = known.filter((id) => !current.includes(id)).reverse();
  return { shown: showEarlier ? [...now, ...earlier] : now, earlier: earlier.length };
}
