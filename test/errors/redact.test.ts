import { describe, expect, it } from 'vitest';
import { redactCredentials } from '../../src/errors/redact.js';

describe('redactCredentials', () => {
  it('hides the password of a URL, with or without a scheme', () => {
    expect(redactCredentials('cannot reach http://analyst:hunter2@db:8123/x')).toBe(
      'cannot reach http://analyst:***@db:8123/x',
    );
    expect(redactCredentials('bad port in analyst:hunter2@db:81x23')).toBe(
      'bad port in analyst:***@db:81x23',
    );
    expect(redactCredentials('https://u:p/w@host')).toBe('https://u:***@host');
  });

  it('leaves an npm alias and a path with an @ as they are (they are not credentials)', () => {
    const advice =
      'run npm install danfojs-node@1.2.0 with "overrides": { "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@4.22.0" }';
    expect(redactCredentials(advice)).toBe(advice);
    expect(redactCredentials('file C:/data/a:b/c@d.csv')).toBe('file C:/data/a:b/c@d.csv');
  });
});
