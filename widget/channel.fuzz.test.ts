/**
 * Property test for the widget's gate in front of comlink (isAllowedCall):
 * whatever arrives on the private port, it never throws, and it lets through
 * exactly a plain call of one of the four WidgetApi methods (or a RELEASE).
 */
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { isAllowedCall } from './channel.js';

const METHODS = ['setLocale', 'setTheme', 'refresh', 'getState'];

/** The contract, written out independently of the code under test. */
function allowed(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  if (m.type === 'RELEASE') return true;
  if (m.type !== 'APPLY' || !Array.isArray(m.path) || m.path.length !== 1 || !METHODS.includes(m.path[0] as string)) return false;
  return Array.isArray(m.argumentList) && m.argumentList.every((a) => typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'RAW');
}

const wireValue = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('RAW'), value: fc.anything({ maxDepth: 2 }) }) },
  fc.record({ type: fc.constantFrom('HANDLER', 'raw', 'RAW '), name: fc.string(), value: fc.anything({ maxDepth: 1 }) }),
  fc.anything({ maxDepth: 2 }),
);
const call = fc.record(
  {
    id: fc.oneof(fc.string(), fc.integer()),
    type: fc.constantFrom('APPLY', 'GET', 'SET', 'CONSTRUCT', 'ENDPOINT', 'RELEASE', 'apply', '', '__proto__'),
    path: fc.oneof(
      fc.array(fc.constantFrom(...METHODS, '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'then', 'call', 'bind'), { maxLength: 3 }),
      fc.anything({ maxDepth: 1 }),
    ),
    argumentList: fc.oneof(fc.array(wireValue, { maxLength: 3 }), fc.anything({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);

describe('widget isAllowedCall under generated port messages', () => {
  it('never throws and agrees with the contract on 5,000 messages, hostile keys and junk included', () => {
    const junk = fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true });
    const polluted = call.map((m) => JSON.parse(JSON.stringify({ ...m, ['__proto__']: { type: 'APPLY', path: ['refresh'], argumentList: [] } })));
    fc.assert(
      fc.property(fc.oneof(call, polluted, junk), (data) => {
        expect(isAllowedCall(data), JSON.stringify(data)?.slice(0, 200)).to.equal(allowed(data));
      }),
      { numRuns: 5000 },
    );
    expect(({} as Record<string, unknown>).type).to.equal(undefined);
  });
});
