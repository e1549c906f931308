// Driving the canvas by mouse, as a person does, for the browser tests.

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Press on one handle, move to another in steps (so React Flow sees a drag), release. */
export async function dragBetweenHandles(page: Page, fromTestId: string, toTestId: string): Promise<void> {
  const from = await page.getByTestId(fromTestId).boundingBox();
  const to = await page.getByTestId(toTestId).boundingBox();
  assert.ok(from && to, `handles ${fromTestId} and ${toTestId} are on screen`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 20, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** A point on an edge's curve where the edge itself is on top (not a node or a label over it), in page pixels. */
export async function edgePoint(page: Page, id: string): Promise<{ x: number; y: number }> {
  const point = await page.locator(`.react-flow__edge[data-id="${id}"] .react-flow__edge-path`).evaluate((el, edgeId) => {
    const path = el as SVGPathElement;
    const m = path.getScreenCTM()!;
    // Along the curve, and a few pixels to either side (the edge's click target is 20 px wide).
    for (let i = 1; i < 40; i++) {
      const p = path.getPointAtLength((path.getTotalLength() * i) / 40);
      for (const dy of [0, 5, -5]) {
        const at = { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f + dy };
        if (document.elementFromPoint(at.x, at.y)?.closest('.react-flow__edge')?.getAttribute('data-id') === edgeId) return at;
      }
    }
    return null;
  }, id);
  assert.ok(point, `some point of edge ${id} is uncovered`);
  return point;
}

/** Click an edge where nothing covers it (its label sits on its middle), which pins its tensor viewer. */
export async function pinEdge(page: Page, id: string): Promise<void> {
  const point = await edgePoint(page, id);
  await page.mouse.click(point.x, point.y);
  await page.locator(`[data-testid="tensor-viewer"][data-edge-id="${id}"]`).waitFor();
}
