// The types a user meets first carry documentation on every property (what an editor shows on
// hover): SimulationConfig and its nested objects, SimulationResult, and stats' Summary. Read
// through the TypeScript compiler, so a property whose comment is lost by a mapped type (as the
// config's inferred type could lose it) fails here.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const file = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const entries = [file('../src/index.ts'), file('../../stats/src/index.ts')];
const program = ts.createProgram(entries, {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  customConditions: ['@paperlab/source'],
  noEmit: true,
});
const checker = program.getTypeChecker();

function exportedType(entry: string, name: string): ts.Type {
  const sf = program.getSourceFile(entry)!;
  const sym = checker
    .getExportsOfModule(checker.getSymbolAtLocation(sf)!)
    .find((s) => s.name === name);
  expect(sym, name).toBeDefined();
  return checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(sym!));
}

/** Dotted paths of the properties without documentation, down `depth` levels of objects. */
function undocumented(type: ts.Type, prefix: string, depth: number): string[] {
  const missing: string[] = [];
  for (const p of checker.getPropertiesOfType(checker.getNonNullableType(type))) {
    const path = `${prefix}.${p.name}`;
    if (ts.displayPartsToString(p.getDocumentationComment(checker)).trim() === '')
      missing.push(path);
    if (depth > 0) {
      const t = checker.getNonNullableType(checker.getTypeOfSymbol(p));
      // Plain objects only (not arrays, functions, typed arrays or primitives).
      const members = t.isUnion() ? t.types : [t];
      for (const m of members) {
        if (
          m.flags & ts.TypeFlags.Object &&
          checker.getSignaturesOfType(m, ts.SignatureKind.Call).length === 0 &&
          !checker.isArrayType(m)
        ) {
          const name = m.getSymbol()?.name ?? '';
          if (!/Array$|^Map$|^Set$/.test(name)) missing.push(...undocumented(m, path, depth - 1));
        }
      }
    }
  }
  return [...new Set(missing)];
}

describe('documentation of the first public types', () => {
  it('SimulationConfig, with cluster and the workload kinds', () => {
    const t = exportedType(entries[0]!, 'SimulationConfig');
    expect(checker.getPropertiesOfType(t).length).toBeGreaterThanOrEqual(9);
    expect(undocumented(t, 'SimulationConfig', 1)).toEqual([]);
  });
  it('SimulationResult', () => {
    const t = exportedType(entries[0]!, 'SimulationResult');
    expect(checker.getPropertiesOfType(t).length).toBeGreaterThanOrEqual(15);
    expect(undocumented(t, 'SimulationResult', 1)).toEqual([]);
  });
  it('Summary', () => {
    const t = exportedType(entries[1]!, 'Summary');
    expect(checker.getPropertiesOfType(t).length).toBeGreaterThanOrEqual(9);
    expect(undocumented(t, 'Summary', 0)).toEqual([]);
  });
});
