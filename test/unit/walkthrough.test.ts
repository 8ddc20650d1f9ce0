// The Getting Started walkthrough in package.json: every step has an action, a completion event
// VS Code knows, and local media that exist (nothing remote).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COMMAND_IDS, VIEW_IDS, WALKTHROUGH_CONTEXT } from '../../src/extension/command-ids';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

describe('Getting Started walkthrough', () => {
  const walkthrough = manifest.contributes.walkthroughs?.find((w: { id: string }) => w.id === 'gettingStarted');
  const steps: Step[] = walkthrough?.steps ?? [];
  // Commands of VS Code itself that a step may name.
  const builtIn = new Set(['editor.action.showHover', `${VIEW_IDS.training}.focus`, `${VIEW_IDS.runs}.focus`]);
  const known = (id: string) => (COMMAND_IDS as readonly string[]).includes(id) || builtIn.has(id);

  it('walks from a sample to a report in seven steps', () => {
    assert.deepEqual(
      steps.map((s) => s.id),
      ['openSample', 'readShapes', 'train', 'watchCurve', 'openDiagram', 'compareRuns', 'openReport'],
    );
  });

  for (const step of steps) {
    it(`step ${step.id}: a command link to a known command and a completion event`, () => {
      const links = [...step.description.matchAll(/\(command:([\w.]+)(?:\?[^)]*)?\)/g)].map((m) => m[1]!);
      assert.ok(links.length >= 1, `${step.id} links a command`);
      for (const id of links) assert.ok(known(id), `${step.id} links unknown command ${id}`);
      const events = step.completionEvents ?? [];
      assert.ok(events.length >= 1, `${step.id} has a completion event`);
      for (const e of events) {
        const [kind, arg] = e.split(':', 2);
        assert.ok(
          ['onCommand', 'onView', 'onContext', 'extensionInstalled', 'onSettingChanged', 'onLink'].includes(kind!),
          `${e} is an event kind VS Code knows`,
        );
        if (kind === 'onCommand') assert.ok(known(arg!), `${e} names a known command`);
        if (kind === 'onContext')
          assert.ok((Object.values(WALKTHROUGH_CONTEXT) as string[]).includes(arg!), `${e} is a key walkthrough-progress.ts sets`);
        if (kind === 'onView') assert.ok((Object.values(VIEW_IDS) as string[]).includes(arg!), `${e} names a view we contribute`);
      }
    });

    it(`step ${step.id}: its markdown and the images it shows are local files`, () => {
      const md = step.media.markdown;
      assert.ok(md && md.startsWith('media/walkthrough/') && existsSync(join(root, md)), `${step.id} media ${md} exists`);
      const text = readFileSync(join(root, md), 'utf8');
      const images = [...text.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1]!);
      assert.ok(images.length >= 1, `${md} shows an image with alt text`);
      for (const image of images) {
        assert.doesNotMatch(image, /^[a-z]+:/i, `${image} is local, not remote`);
        assert.ok(existsSync(join(root, dirname(md), image)), `${image} exists beside ${md}`);
      }
    });
  }
});
