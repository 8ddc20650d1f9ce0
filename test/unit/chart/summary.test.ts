import { strict as assert } from 'node:assert';
import { SeriesStore } from '../../../webview/chart/series';
import { summaryText, ThrottledRegion } from '../../../webview/chart/summary';

describe('chart: the accessible summary', () => {
  it('says the latest values of the runs drawn, in their order', () => {
    const store = new SeriesStore();
    store.setInfo({ runId: 'r1', label: 'resnet', events: [] });
    store.add({
      runId: 'r1',
      points: [
        { step: 1, name: 'loss', value: 1.5 },
        { step: 12, name: 'loss', value: 0.41234 },
        { step: 12, name: 'val_accuracy', value: 0.9 },
      ],
    });
    store.setInfo({ runId: 'r2', label: 'mlp', status: 'early_stopped', events: [] });
    store.add({ runId: 'r2', points: [{ step: 3, name: 'loss', value: 2 }] });
    assert.equal(summaryText(store, ['r2', 'r1']), 'mlp (early stopped): step 3, loss 2. resnet: step 12, loss 0.4123, val_accuracy 0.9.');
    assert.equal(summaryText(store, ['r1']), 'resnet: step 12, loss 0.4123, val_accuracy 0.9.');
    assert.equal(summaryText(new SeriesStore(), []), 'No points yet.');
  });

  it('writes its region at most once per interval, and the last text always lands', async () => {
    const element = { textContent: '' as string | null };
    const region = new ThrottledRegion(element, 40);
    region.set('one');
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(element.textContent, 'one', 'the first text goes out at once');
    region.set('two');
    region.set('three');
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(element.textContent, 'one', 'within the interval nothing is rewritten');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(element.textContent, 'three', 'the latest text, once the interval passed');
    region.dispose();
  });
});
