import { describe, expect, it } from 'vitest';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';
import {
  OPTIONAL_PACKAGES,
  importOptional,
  isMissingPackage,
  missingPackageMessage,
} from '../../src/util/optional-package.js';

const absent = { name: 'cohortlab-no-such-package', feature: 'A test feature' };

describe('optional packages', () => {
  it("recognises Node's own error for a package that is not installed", async () => {
    const error = await import(absent.name).catch((e: unknown) => e);
    expect(isMissingPackage(error, absent.name)).toBe(true);
    // The same error does not make another package look missing.
    expect(isMissingPackage(error, 'danfojs-node')).toBe(false);
    expect(isMissingPackage(new Error(`Cannot find package '${absent.name}'`), absent.name)).toBe(
      false,
    );
  });

  it('throws MISSING_PACKAGE naming the package and the command to run', async () => {
    const error = await importOptional(absent, () => import(absent.name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CohortlabError);
    expect(error).toMatchObject({
      code: 'MISSING_PACKAGE',
      message:
        'A test feature needs the optional package cohortlab-no-such-package, which is not installed: run npm install cohortlab-no-such-package',
    });
  });

  it('passes other failures of a package that is there through unchanged', async () => {
    const broken = new TypeError('broken inside');
    await expect(importOptional(absent, () => Promise.reject(broken))).rejects.toBe(broken);
    await expect(importOptional(absent, () => Promise.resolve(42))).resolves.toBe(42);
  });

  it('gives danfojs-node the overrides it needs, in package.json syntax', () => {
    const message = missingPackageMessage(OPTIONAL_PACKAGES.danfo);
    expect(message).toContain('run npm install danfojs-node@1.2.0');
    const overrides = /"overrides": (\{.*\})$/.exec(message)?.[1] ?? '';
    expect(JSON.parse(overrides)).toEqual({
      '@tensorflow/tfjs-node': 'npm:@tensorflow/tfjs@4.22.0',
      xlsx: '0.18.5',
    });
  });

  it('names the versions this package is tested with (the devDependencies)', async () => {
    const { default: pkg } = (await import('../../package.json', { with: { type: 'json' } })) as {
      default: {
        devDependencies: Record<string, string>;
        peerDependencies: Record<string, string>;
      };
    };
    expect(OPTIONAL_PACKAGES.tensorflow.install).toContain(
      `@tensorflow/tfjs@${pkg.devDependencies['@tensorflow/tfjs']}`,
    );
    expect(OPTIONAL_PACKAGES.danfo.install).toContain(
      `danfojs-node@${pkg.devDependencies['danfojs-node']}`,
    );
    for (const { name } of Object.values(OPTIONAL_PACKAGES)) {
      expect(pkg.peerDependencies[name], name).toBe(pkg.devDependencies[name]);
    }
  });
});
