import { describe, expect, it } from 'vitest';
import { SOURCE_TAGS, withSourceTags } from '../plugins/typedocSourceTags.mjs';

describe('typedocSourceTags', () => {
  const page = '# parameters\n\n## Variables\n\nCreation is serialised (2nd, TrEnv §6.1).\n';

  it('puts the legend under the title of a page that uses the 2nd tag, once', () => {
    const out = withSourceTags(page);
    expect(out).toBe(
      `# parameters\n\n${SOURCE_TAGS}\n\n\n## Variables\n\nCreation is serialised (2nd, TrEnv §6.1).\n`,
    );
    expect(withSourceTags(out)).toBe(out);
    expect(SOURCE_TAGS).toMatch(/\*\*\(2nd\)\*\* a secondary source/);
  });

  it('leaves a page without the tag as it is', () => {
    expect(withSourceTags('# stats\n\nA 2-sided test; 22nd of 2nd-hand? no.\n')).toBe(
      '# stats\n\nA 2-sided test; 22nd of 2nd-hand? no.\n',
    );
  });
});
