// A Stryker ignore plugin (`ignorers: ['capacity-guards']` in scripts/mutation-config.mjs).
//
// The typed-array structures (the simulator's event queue, sandbox pool and invocation slots)
// double their capacity when full: `if (<full>) this.grow(...)`. Mutating that condition to
// "always" doubles the arrays on every push: results stay the same, but memory doubles per
// event, and a worker reached 8.5 GB within one test before the allocation failed, on a machine
// whose memory other work shares. Those conditions are left unmutated (Stryker reports their
// mutants as Ignored with the reason below); the growth itself is tested by pushing well past
// the initial capacity (eventQueue.test.ts, sandboxPool.test.ts, engineTraces.test.ts).
const GROW_METHODS = new Set(['grow', 'growInvocations']);

function callsGrow(statement) {
  const s = statement?.type === 'BlockStatement' ? statement.body[0] : statement;
  if (s?.type !== 'ExpressionStatement' || s.expression.type !== 'CallExpression') return false;
  const callee = s.expression.callee;
  return (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'ThisExpression' &&
    callee.property.type === 'Identifier' &&
    GROW_METHODS.has(callee.property.name)
  );
}

export const strykerPlugins = [
  {
    kind: 'Ignore',
    name: 'capacity-guards',
    value: {
      shouldIgnore(path) {
        if (
          path.key === 'test' &&
          path.parentPath?.node.type === 'IfStatement' &&
          callsGrow(path.parentPath.node.consequent)
        ) {
          return 'capacity guard: an always-true mutant doubles memory on every push (scripts/mutation-ignorers.mjs)';
        }
        return undefined;
      },
    },
  },
];
