// The palette: every Operation grouped by chapter and family, plus the layers, searchable; each item shows its
// description and formula as a tooltip and is dragged onto the canvas (HTML5 drag and drop, PALETTE_MIME).
// Keyboard users press Enter on an item to add it at the middle of the view.

import { memo, useMemo, useState, type DragEvent } from 'react';
import { PALETTE_MIME, paletteKey, paletteSections, type PaletteItem } from './palette-items.ts';

export interface PaletteProps {
  /** Add an item without dragging (Enter / double-click). */
  onAdd(item: PaletteItem): void;
}

function onDragStart(event: DragEvent, item: PaletteItem) {
  event.dataTransfer.setData(PALETTE_MIME, JSON.stringify({ type: item.type, kind: item.kind }));
  event.dataTransfer.setData('text/plain', item.type);
  event.dataTransfer.effectAllowed = 'copy';
}

function PaletteView({ onAdd }: PaletteProps) {
  const [query, setQuery] = useState('');
  const sections = useMemo(() => paletteSections(query), [query]);
  return (
    <section className="palette" data-testid="palette" aria-label="Operations palette">
      <input type="search" className="palette-search" data-testid="palette-search" placeholder="Search operations…" aria-label="Search operations"
        value={query} onChange={(e) => setQuery(e.target.value)} />
      {sections.length === 0 ? <p className="palette-empty">Nothing matches “{query}”.</p> : null}
      {sections.map((section) => (
        <div key={section.title} className="palette-section">
          <h3>{section.title}</h3>
          <ul>
            {section.items.map((item) => (
              <li key={paletteKey(item)}>
                <button type="button" draggable className={`palette-item palette-${item.kind}`}
                  data-testid={item.kind === 'layer' ? `palette-layer-${item.type}` : `palette-item-${item.type}`}
                  title={`${item.description}\n${item.formula}`} aria-label={`${item.kind === 'layer' ? `${item.type} layer` : item.type}: ${item.description}`}
                  onDragStart={(e) => onDragStart(e, item)} onDoubleClick={() => onAdd(item)}
                  onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); onAdd(item); } }}>
                  {item.type}{item.kind === 'layer' ? <> <span className="palette-tag">layer</span></> : null}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export const Palette = memo(PaletteView);
