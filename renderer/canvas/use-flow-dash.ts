// The overlay's running dash, stepped from script a few times a second instead of by a CSS animation.
// Chromium animates stroke-dashoffset on the main thread: a CSS animation repaints every edge at 60 frames a
// second, and measured on the MNIST MLP (bench/overlay.bench.ts) that alone tripled the main thread's busy
// time while training; ten steps a second still cost the training worker 8% of its throughput on 2 cores.
// Five steps a second, a quarter of the dash's period each, still read as motion in the phase's direction
// (a quarter step forward cannot be mistaken for one backward). The offset lives in one custom property on
// the edges' container, so a step restyles the edges only.

import { useEffect, type RefObject } from 'react';

/** Steps per second, and how far the dash moves per step (the dash pattern repeats every 16 px). */
export const DASH_STEPS_PER_SECOND = 5;
export const DASH_STEP_PX = 4;
export const DASH_PERIOD_PX = 16;

/** The offset after `step` steps: 0, 4, 8, 12, 0, … wrapping at the dash period. */
export const dashOffset = (step: number): number => (step * DASH_STEP_PX) % DASH_PERIOD_PX;

export function useFlowDash(container: RefObject<HTMLElement | null>, running: boolean): void {
  useEffect(() => {
    const edges = container.current?.querySelector<HTMLElement>('.react-flow__edges');
    if (!running || !edges) return;
    if (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return;
    let step = 0;
    const timer = setInterval(() => edges.style.setProperty('--flow-offset', `${dashOffset(++step)}px`), 1000 / DASH_STEPS_PER_SECOND);
    return () => {
      clearInterval(timer);
      edges.style.removeProperty('--flow-offset');
    };
  }, [container, running]);
}
