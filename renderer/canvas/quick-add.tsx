// The quick-add popup (double-click the canvas, or Ctrl+K): type a few letters of an Operation or layer,
// pick it with the arrow keys, Enter adds it where the canvas was double-clicked. The same search as the
// palette; a listbox so screen readers announce the choice.

import { useEffect, useMemo, useRef, useState } from 'react';
import { useServices, useUi } from '../ui/context.ts';
import { paletteKey, paletteSections, type PaletteItem } from './palette-items.ts';

export function QuickAdd() {
  const { ui, editor } = useServices();
  const request = useUi((s) => s.quickAdd);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const items = useMemo(() => paletteSections(query).flatMap((s) => s.items), [query]);

  useEffect(() => {
    if (!request) return;
    setQuery('');
    setActive(0);
    input.current?.focus();
  }, [request]);
  if (!request) return null;

  const close = () => ui.setState({ quickAdd: null });
  const add = (item: PaletteItem | undefined) => {
    if (!item) return;
    editor.addItem(item, request.at);
    close();
  };
  const onKey = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') { event.preventDefault(); close(); }
    else if (event.key === 'ArrowDown') { event.preventDefault(); setActive((a) => Math.min(a + 1, items.length - 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (event.key === 'Enter') { event.preventDefault(); add(items[active]); }
  };
  const activeId = items[active] ? `quick-add-option-${paletteKey(items[active])}` : undefined;
  return (
    <div className="quick-add" role="dialog" aria-label="Add an Operation" data-testid="quick-add"
      style={{ left: request.screen.x, top: request.screen.y }} onKeyDown={onKey}>
      <input ref={input} type="search" data-testid="quick-add-search" placeholder="Add… (type a name)" value={query}
        role="combobox" aria-expanded="true" aria-controls="quick-add-list" aria-activedescendant={activeId} aria-label="Operation or layer name"
        onChange={(e) => { setQuery(e.target.value); setActive(0); }} onBlur={(e) => { if (!e.currentTarget.parentElement?.contains(e.relatedTarget)) close(); }} />
      <ul id="quick-add-list" role="listbox" aria-label="Matching Operations and layers">
        {items.slice(0, 12).map((item, i) => (
          <li key={paletteKey(item)} id={`quick-add-option-${paletteKey(item)}`} role="option" aria-selected={i === active}
            data-testid={`quick-add-item-${paletteKey(item)}`} className={i === active ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()} onClick={() => add(item)} onMouseEnter={() => setActive(i)}>
            <strong>{item.type}</strong>{item.kind === 'layer' ? ' layer' : ''} <span className="muted">{item.description}</span>
          </li>
        ))}
        {items.length === 0 ? <li className="muted" role="presentation">Nothing matches “{query}”.</li> : null}
      </ul>
    </div>
  );
}
