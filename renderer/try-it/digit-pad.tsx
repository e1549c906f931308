// A small drawing area for a digit (issue 6 §3): white ink on black like MNIST, drawn with a pointer (mouse, pen
// or finger) in a thick round pen with soft edges, 8× the 28×28 the network sees; beside it, those 28×28
// values themselves (digit.ts prepares them the way MNIST's digits were). Each finished stroke reports the
// new digit.

import { useCallback, useEffect, useRef, useState, type PointerEvent } from 'react';
import { DEFAULT_BRUSH, DIGIT_SIDE, digitFromStrokes, type Point, type Stroke } from './digit.ts';

/** On-screen size of the drawing area in CSS pixels: 8× the digit. */
const PAD = DIGIT_SIDE * 8;
const PREVIEW_SCALE = 3;

function paintPad(canvas: HTMLCanvasElement, strokes: readonly Stroke[]) {
  const context = canvas.getContext('2d');
  if (!context) return;
  const side = canvas.width;
  context.fillStyle = '#000';
  context.fillRect(0, 0, side, side);
  context.strokeStyle = '#fff';
  context.fillStyle = '#fff';
  context.lineCap = 'round';
  context.lineJoin = 'round';
  // The same pen digit.ts paints with: the solid radius plus half the soft edge, blurred by the rest.
  context.lineWidth = 2 * (DEFAULT_BRUSH.radius + DEFAULT_BRUSH.softness / 2) * side;
  context.shadowColor = '#fff';
  context.shadowBlur = DEFAULT_BRUSH.softness * side;
  for (const stroke of strokes) {
    if (stroke.length === 0) continue;
    context.beginPath();
    context.moveTo(stroke[0]!.x * side, stroke[0]!.y * side);
    for (const p of stroke.slice(1)) context.lineTo(p.x * side, p.y * side);
    if (stroke.length === 1) context.lineTo(stroke[0]!.x * side + 0.01, stroke[0]!.y * side);
    context.stroke();
  }
}

function paintPreview(canvas: HTMLCanvasElement, digit: Float32Array) {
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(DIGIT_SIDE, DIGIT_SIDE);
  for (let i = 0; i < digit.length; i++) {
    const v = Math.round(digit[i]! * 255);
    image.data.set([v, v, v, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
}

export function DigitPad({ onDigit }: { onDigit: (digit: Float32Array | null) => void }) {
  const pad = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const drawing = useRef<Point[] | null>(null);
  const digit = useRef<Float32Array>(new Float32Array(DIGIT_SIDE * DIGIT_SIDE));

  useEffect(() => {
    if (pad.current) paintPad(pad.current, strokes);
    digit.current = digitFromStrokes(strokes);
    if (preview.current) paintPreview(preview.current, digit.current);
  }, [strokes]);

  const at = (event: PointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { x: (event.clientX - rect.left) / rect.width, y: (event.clientY - rect.top) / rect.height };
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = [at(event)];
    if (pad.current) paintPad(pad.current, [...strokes, drawing.current]);
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    drawing.current.push(at(event));
    // Only the pad is repainted while drawing; the digit is worked out once the stroke ends.
    if (pad.current) paintPad(pad.current, [...strokes, drawing.current]);
  };
  const finish = () => {
    const stroke = drawing.current;
    drawing.current = null;
    if (!stroke) return;
    const next = [...strokes, stroke];
    setStrokes(next);
    onDigit(digitFromStrokes(next));
  };
  const clear = useCallback(() => {
    drawing.current = null;
    setStrokes([]);
    onDigit(null);
  }, [onDigit]);

  return (
    <div className="digit-pad">
      <canvas ref={pad} width={PAD} height={PAD} data-testid="try-it-pad" data-strokes={strokes.length} style={{ width: PAD, height: PAD }}
        role="img" aria-label="Drawing area: draw a digit with the mouse, a pen or a finger"
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={finish} onPointerCancel={finish} />
      <div className="digit-side">
        <canvas ref={preview} width={DIGIT_SIDE} height={DIGIT_SIDE} data-testid="try-it-digit-preview" className="cells"
          style={{ width: DIGIT_SIDE * PREVIEW_SCALE, height: DIGIT_SIDE * PREVIEW_SCALE }}
          role="img" aria-label="What the network sees: the drawing as 28 by 28 pixels, centred like MNIST" />
        <span className="muted">what the network sees (28×28, centred like MNIST)</span>
        <button type="button" data-testid="try-it-clear" onClick={clear} disabled={strokes.length === 0}>Clear</button>
      </div>
    </div>
  );
}
