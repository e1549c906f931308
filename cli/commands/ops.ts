// gradflow ops — the op catalogue, read from the registry (the same list the palette and the loader use):
// type, chapter, inputs, owned parameters, attributes with defaults and bounds, and the formula.

import { OPS } from '../../core/ops/registry.ts';
import type { AttributeSpec, OpDefinition } from '../../core/ops/types.ts';
import { flag } from '../args.ts';
import { defineCommand, Output } from '../context.ts';

/** "number, default 0.8, > 0 and ≤ 1" — what a value may be, as the inspector's tooltip says it. */
export function describeAttribute(spec: AttributeSpec): string {
  switch (spec.kind) {
    case 'number': {
      const bounds = [
        spec.min !== undefined ? `${spec.exclusiveMin ? '>' : '≥'} ${spec.min}` : '',
        spec.max !== undefined ? `≤ ${spec.max}` : '',
      ].filter(Boolean).join(' and ');
      const kind = spec.integer ? (spec.odd ? 'odd whole number' : 'whole number') : 'number';
      return `${kind}, default ${spec.default}${bounds ? `, ${bounds}` : ''}`;
    }
    case 'enum':
      return `one of ${spec.options.join(' | ')}, default ${spec.default}`;
    case 'boolean':
      return `true or false, default ${spec.default}`;
    case 'shape':
      return `a shape of ${spec.minRank === spec.maxRank ? spec.minRank : `${spec.minRank} to ${spec.maxRank}`} sizes, default [${spec.default.join(', ')}]`;
  }
}

function opRecord(op: OpDefinition): Record<string, unknown> {
  return {
    type: 'op', op: op.type, chapter: op.chapter, family: op.family, description: op.description, formula: op.formula,
    inputs: op.inputs.map((p) => ({ name: p.name, description: p.description, ...(p.isTarget ? { isTarget: true } : {}) })),
    parameters: op.params.map((p) => ({ name: p.name, description: p.description })),
    attributes: Object.fromEntries(Object.entries(op.attributes).map(([name, spec]) => [name, spec])),
  };
}

export const ops = defineCommand({
  spec: {
    name: 'ops',
    summary: 'list the Operations: chapter, inputs, parameters, attributes and formula',
    positionals: [],
    flags: { json: flag.bool('print one JSON object per op: {"type":"op","op":…,"chapter":…,"inputs":[…],…}') },
  },
  async run(ctx, { flags }) {
    const out = new Output(ctx, flags.json === true);
    if (out.json) {
      for (const op of OPS) out.record(opRecord(op));
      return 0;
    }
    OPS.forEach((op, i) => {
      if (i > 0) out.info();
      out.info(`${op.type}  (chapter ${op.chapter}, ${op.family})  ${op.description}`);
      out.info(`  formula     ${op.formula}`);
      const inputs = op.inputs.map((p) => `${p.name}${p.isTarget ? ' (labels, no gradient)' : ''}`);
      out.info(`  inputs      ${inputs.length > 0 ? inputs.join(', ') : '—'}`);
      out.info(`  parameters  ${op.params.length > 0 ? op.params.map((p) => `${p.name}: ${p.description}`).join('; ') : '—'}`);
      const attributes = Object.entries(op.attributes);
      if (attributes.length === 0) out.info('  attributes  —');
      attributes.forEach(([name, spec], k) => {
        out.info(`  ${k === 0 ? 'attributes' : '          '}  ${name}: ${describeAttribute(spec)} — ${spec.description}`);
      });
    });
    return 0;
  },
});
