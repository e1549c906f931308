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
