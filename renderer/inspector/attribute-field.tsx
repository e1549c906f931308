// One schema-described setting as a control: a number field with the schema's bounds, a select for an enum, a
// checkbox for a boolean, a text field ("28, 28") for a shape. What is typed is checked as it is typed, and
// an invalid value shows the schema's message and is not applied; a valid one is committed (one undo step) on
// Enter or when the field loses focus — selects and checkboxes commit on change.

import { useId, useState, type KeyboardEvent } from 'react';
import type { AttributeValue } from '../../core/document/types.ts';
import type { AttributeSpec } from '../../core/ops/types.ts';
import { attributeText, numberStep, parseAttributeInput, sameAttribute } from './attribute-input.ts';

export interface AttributeFieldProps {
  name: string;
  spec: AttributeSpec;
  /** The value in force (the default when the document leaves it out). */
  value: AttributeValue | undefined;
  /** Apply a valid value; returns why the document refused it, or null. */
  onCommit(value: AttributeValue): string | null;
  /** Shown as the label; the name by default. */
  label?: string;
  /** Extra help under the control (the schema's description is the tooltip). */
  help?: string;
  /** Prefix of the test ids: `<prefix>-<name>` for the control, `<prefix>-error-<name>` for the message. */
  testPrefix?: string;
}

export function AttributeField({ name, spec, value, onCommit, label, help, testPrefix = 'attribute' }: AttributeFieldProps) {
  const id = useId();
  // What the user is typing, until it is committed or abandoned; null shows the document's value.
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const commit = (raw: string | boolean): void => {
    const parsed = parseAttributeInput(spec, raw);
    if (!parsed.ok) { setError(parsed.message); return; }
    const refused = sameAttribute(parsed.value, value) ? null : onCommit(parsed.value);
    setError(refused);
    if (!refused) setDraft(null);
  };
  const onType = (text: string): void => {
    setDraft(text);
    const parsed = parseAttributeInput(spec, text);
    setError(parsed.ok ? null : parsed.message);
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') { event.preventDefault(); if (draft !== null) commit(draft); }
    else if (event.key === 'Escape') { setDraft(null); setError(null); }
  };

  const common = {
    id, 'data-testid': `${testPrefix}-${name}`, title: spec.description,
    'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined,
  };
  let control;
  switch (spec.kind) {
    case 'boolean':
      control = <input {...common} type="checkbox" checked={value === true} onChange={(e) => commit(e.target.checked)} />;
      break;
    case 'enum':
      control = (
        <select {...common} value={typeof value === 'string' ? value : spec.default} onChange={(e) => commit(e.target.value)}>
          {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
      break;
    case 'number':
      control = <input {...common} type="number" inputMode="decimal" value={draft ?? attributeText(value)}
        {...(spec.min !== undefined ? { min: spec.min } : {})} {...(spec.max !== undefined ? { max: spec.max } : {})} step={numberStep(spec)}
        onChange={(e) => onType(e.target.value)} onKeyDown={onKey} onBlur={() => { if (draft !== null) commit(draft); }} />;
      break;
    case 'shape':
      control = <input {...common} type="text" placeholder="28, 28" value={draft ?? attributeText(value)}
        onChange={(e) => onType(e.target.value)} onKeyDown={onKey} onBlur={() => { if (draft !== null) commit(draft); }} />;
      break;
  }
  return (
    <div className={`field field-${spec.kind}${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label ?? name}</label>
      {control}
      {error ? <p className="field-error" role="alert" id={`${id}-error`} data-testid={`${testPrefix}-error-${name}`}>{error}</p> : null}
      {help ? <p className="field-help">{help}</p> : null}
    </div>
  );
}
